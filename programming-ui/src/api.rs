//! The server's client of programming-api: everything a page needs, read over HTTP with
//! the learner's cookie, exactly as the browser would read it.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use http::header::{COOKIE, SET_COOKIE};
use http::HeaderValue;
use serde::de::DeserializeOwned;
use wire::admin::{AdminAssignment, AdminAssignmentEnvelope, AdminAssignmentList};
use wire::assignment::{AssignmentEnvelope, AssignmentList};
use wire::identity::NewLearner;
use wire::stats::{Stats, StatsHistory};
use wire::submission::{SubmissionEnvelope, SubmissionPage};
use wire::{AssignmentSummary, Progress};

use crate::markdown;
use crate::model::authoring::{next_order, EditData};
use crate::model::dashboard::DashboardData;
use crate::model::submissions::{SubmissionData, SubmissionsData, SubmissionsQuery};
use crate::model::{ApiError, PageData};

/// A cheap-to-clone handle on programming-api.
#[derive(Clone, Debug)]
pub(crate) struct ApiClient {
    http: reqwest::Client,
    base: Arc<str>,
}

/// What `POST /api/users` gave: the new session, to be used at once and kept by the browser.
pub(crate) struct NewSession {
    pub(crate) cookie: String,
    pub(crate) set_cookie: Vec<HeaderValue>,
}

impl ApiClient {
    pub(crate) fn new(base: &str) -> anyhow::Result<ApiClient> {
        let http = reqwest::Client::builder()
            // A page waits for these answers; a hung API must not hang the page forever.
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(ApiClient {
            http,
            base: base.trim_end_matches('/').into(),
        })
    }

    /// Ok when programming-api answers its liveness probe: what the UI's `/api/ready`
    /// asks (its own readiness covers Postgres and Redis; the UI renders pages whenever
    /// the API answers).
    pub(crate) async fn alive(&self) -> anyhow::Result<()> {
        self.http
            .get(format!("{}/api/health", self.base))
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    async fn get<T: DeserializeOwned>(&self, path: &str, cookie: &str) -> Result<T, ApiError> {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header(COOKIE, cookie)
            .send()
            .await
            .map_err(|err| {
                tracing::warn!(error = %err, path, "programming-api did not answer");
                ApiError::Network
            })?;
        read(response).await
    }

    /// A new learner for the browser at `client`: the API counts new learners per
    /// address, so it must see the browser's, not this server's.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn create_user(&self, client: IpAddr) -> Result<NewSession, ApiError> {
        let response = self
            .http
            .post(format!("{}/api/users", self.base))
            .header(contract::client_address::REAL_IP_HEADER, client.to_string())
            .send()
            .await
            .map_err(|_| ApiError::Network)?;
        let set_cookie = response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .cloned()
            .collect();
        let created: NewLearner = read(response).await?;
        Ok(NewSession {
            cookie: format!("{}={}", contract::auth::SESSION_COOKIE, created.token),
            set_cookie,
        })
    }

    pub(crate) async fn progress(&self, cookie: &str) -> Result<Progress, ApiError> {
        self.get("/api/me/progress", cookie).await
    }

    pub(crate) async fn assignments(
        &self,
        cookie: &str,
    ) -> Result<Vec<AssignmentSummary>, ApiError> {
        Ok(self
            .get::<AssignmentList>("/api/assignments", cookie)
            .await?
            .assignments)
    }

    /// Everything the assignment page shows, read concurrently.
    #[tracing::instrument(skip_all, fields(assignment_id = id))]
    pub(crate) async fn page(&self, id: i64, cookie: &str) -> Result<PageData, ApiError> {
        let one = format!("/api/assignments/{id}");
        let mine = format!("/api/me/submissions?assignment_id={id}&per_page=20");
        let (assignment, assignments, progress, history) = tokio::try_join!(
            self.get::<AssignmentEnvelope>(&one, cookie),
            self.assignments(cookie),
            self.progress(cookie),
            self.get::<SubmissionPage>(&mine, cookie),
        )?;
        let assignment = assignment.assignment;
        let handout_html = markdown::render(markdown::without_title(
            &assignment.handout,
            &assignment.title,
        ));
        Ok(PageData {
            assignment,
            handout_html,
            assignments,
            progress,
            submissions: history.submissions,
        })
    }

    /// Every assignment as a teacher sees it (the teacher's cookie: 401 or 403 without).
    pub(crate) async fn admin_assignments(
        &self,
        cookie: &str,
    ) -> Result<Vec<AdminAssignment>, ApiError> {
        Ok(self
            .get::<AdminAssignmentList>("/api/admin/assignments", cookie)
            .await?
            .assignments)
    }

    /// What the edit page starts from: assignment `id`, or a new one (`None`).
    #[tracing::instrument(skip_all, fields(assignment_id = id))]
    pub(crate) async fn admin_edit(
        &self,
        id: Option<i64>,
        cookie: &str,
    ) -> Result<EditData, ApiError> {
        match id {
            Some(id) => {
                let path = format!("/api/admin/assignments/{id}");
                let one = self.get::<AdminAssignmentEnvelope>(&path, cookie).await?;
                Ok(EditData {
                    assignment: Some(one.assignment),
                    next_order: 0,
                })
            }
            None => {
                let list = self.admin_assignments(cookie).await?;
                Ok(EditData {
                    assignment: None,
                    next_order: next_order(&list),
                })
            }
        }
    }

    /// The dashboard's figures now and over the last hour.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn admin_dashboard(&self, cookie: &str) -> Result<DashboardData, ApiError> {
        let (stats, history) = tokio::try_join!(
            self.get::<Stats>("/api/admin/stats", cookie),
            self.get::<StatsHistory>("/api/admin/stats/history", cookie),
        )?;
        Ok(DashboardData {
            stats,
            history: history.samples,
        })
    }

    /// One page of every learner's submissions, and the assignments to filter by.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn admin_submissions(
        &self,
        query: &SubmissionsQuery,
        cookie: &str,
    ) -> Result<SubmissionsData, ApiError> {
        let listing = async {
            match query.learner() {
                Ok(_) => Ok(Some(
                    self.get::<SubmissionPage>(&query.api_path(), cookie)
                        .await?,
                )),
                Err(_) => Ok(None),
            }
        };
        let (assignments, listing) = tokio::try_join!(self.admin_assignments(cookie), listing)?;
        Ok(SubmissionsData {
            assignments: assignments.into_iter().map(|a| (a.id, a.title)).collect(),
            listing,
        })
    }

    /// One submission as the teacher sees it, with its assignment's title.
    #[tracing::instrument(skip_all)]
    pub(crate) async fn admin_submission(
        &self,
        id: uuid::Uuid,
        cookie: &str,
    ) -> Result<SubmissionData, ApiError> {
        let path = format!("/api/admin/submissions/{id}");
        let submission = self
            .get::<SubmissionEnvelope>(&path, cookie)
            .await?
            .submission;
        let path = format!("/api/admin/assignments/{}", submission.assignment_id);
        // An assignment archived since is still read; one gone is named by its number.
        let assignment_title = match self.get::<AdminAssignmentEnvelope>(&path, cookie).await {
            Ok(one) => one.assignment.title,
            Err(ApiError::Http { status: 404, .. }) => {
                format!("Assignment {}", submission.assignment_id)
            }
            Err(err) => return Err(err),
        };
        Ok(SubmissionData {
            submission,
            assignment_title,
        })
    }
}

async fn read<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, ApiError> {
    let status = response.status().as_u16();
    let body = response.text().await.map_err(|_| ApiError::Network)?;
    if !(200..300).contains(&status) {
        return Err(ApiError::from_response(status, &body));
    }
    serde_json::from_str(&body).map_err(|err| {
        tracing::error!(error = %err, "programming-api answered with unexpected JSON");
        ApiError::from_response(502, "")
    })
}
