//! `/admin/login`: the teacher signs in with the admin's name and password; the API's
//! answer sets the session cookie, and the browser goes on to the assignments.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use super::mark_hydrated;

#[component]
pub(crate) fn AdminLogin() -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if !busy.get_untracked() {
            busy.set(true);
            error.set(None);
            let (name, secret) = (username.get_untracked(), password.get_untracked());
            leptos::task::spawn_local(async move {
                match crate::client::admin::sign_in(name, secret).await {
                    Ok(()) => crate::client::dom::go_to("/admin"),
                    Err(err) => {
                        error.set(Some(err.user_message()));
                        busy.set(false);
                    }
                }
            });
        }
    };
    mark_hydrated();
    view! {
        <main class="notice sign-in">
            <p class="brand">"Code Platform"</p>
            <h1>"Teacher sign-in"</h1>
            <form class="card sign-in-form" on:submit=submit data-testid="login-form">
                <div class="field">
                    <label for="username">"Username"</label>
                    <input
                        id="username"
                        name="username"
                        type="text"
                        autocomplete="username"
                        required
                        data-testid="login-username"
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        data-testid="login-password"
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </div>
                <p class="form-error" role="alert" data-testid="login-error">
                    {move || error.get()}
                </p>
                <button
                    type="submit"
                    class="button button-primary"
                    data-testid="login-submit"
                    disabled=move || busy.get()
                >
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
