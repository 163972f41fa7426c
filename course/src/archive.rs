//! Sets of assignment folders as one `.tar.gz`: what export writes and import reads.
//!
//! Reading trusts nothing in the archive: it is bounded (compressed and unpacked size,
//! entries, each file), paths that leave the archive (`..`, absolute) refuse the whole
//! archive, links and devices are ignored, and each folder is read on its own, so a bad
//! folder is reported by its path without touching the others.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path};

use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::{read_assignment, Assignment, Folder};

/// Bounds on what an archive may unpack to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// All files together, unpacked.
    pub unpacked_bytes: u64,
    /// One file.
    pub file_bytes: u64,
    /// Entries of any kind.
    pub entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            unpacked_bytes: 64 * 1024 * 1024,
            file_bytes: 1024 * 1024,
            entries: 10_000,
        }
    }
}

/// One assignment folder found in an archive: its path there, and what it held.
#[derive(Debug)]
pub struct Found {
    pub path: String,
    pub assignment: Result<Assignment, String>,
}

/// Writes `assignments` as folders at the archive's root, in a form [`unpack`] reads back.
/// The same assignments always give the same bytes (fixed times and modes).
pub fn pack(assignments: &[Assignment]) -> std::io::Result<Vec<u8>> {
    let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::default()));
    for assignment in assignments {
        let folder = assignment.folder_name();
        for (name, text) in assignment.files() {
            let mut header = tar::Header::new_ustar();
            header.set_size(text.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            header.set_entry_type(tar::EntryType::Regular);
            tar.append_data(&mut header, format!("{folder}/{name}"), text.as_bytes())?;
        }
    }
    tar.into_inner()?.finish()
}

/// Reads every assignment folder of a `.tar.gz`: a folder holding `assignment.toml`, at
/// any depth (so an archive of one top folder holding the course works too). `Err` when
/// the archive itself cannot be read; a folder that cannot be read is a [`Found`] with
/// its error.
pub fn unpack(archive: &[u8], limits: Limits) -> Result<Vec<Found>, String> {
    let decoder = GzDecoder::new(archive).take(limits.unpacked_bytes.saturating_add(1024 * 1024));
    let mut tar = tar::Archive::new(decoder);
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut total = 0u64;
    let entries = tar
        .entries()
        .map_err(|err| format!("not a .tar.gz archive: {err}"))?;
    for (count, entry) in entries.enumerate() {
        if count >= limits.entries {
            return Err(format!("more than {} entries", limits.entries));
        }
        let mut entry = entry.map_err(|err| format!("not a .tar.gz archive: {err}"))?;
        let path = entry
            .path()
            .map_err(|err| format!("an entry's path is unreadable: {err}"))?
            .into_owned();
        let path = relative(&path)
            .ok_or_else(|| format!("{}: the path leaves the archive", path.display()))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            continue;
        }
        let size = entry.header().size().unwrap_or(u64::MAX);
        if size > limits.file_bytes {
            return Err(format!(
                "{path}: {size} bytes; a file may have at most {}",
                limits.file_bytes
            ));
        }
        total += size;
        if total > limits.unpacked_bytes {
            return Err(format!(
                "the files unpack to more than {} bytes",
                limits.unpacked_bytes
            ));
        }
        let mut bytes = Vec::with_capacity(size as usize);
        entry
            .read_to_end(&mut bytes)
            .map_err(|err| format!("{path}: {err}"))?;
        files.insert(path, bytes);
    }
    let folders: Vec<String> = files
        .keys()
        .filter_map(|path| path.strip_suffix("/assignment.toml").map(str::to_owned))
        .chain(files.contains_key("assignment.toml").then(String::new))
        .collect();
    Ok(folders
        .into_iter()
        .map(|folder| {
            let prefix = if folder.is_empty() {
                String::new()
            } else {
                format!("{folder}/")
            };
            let held: BTreeMap<&str, &[u8]> = files
                .iter()
                .filter_map(|(path, bytes)| {
                    let name = path.strip_prefix(&prefix)?;
                    Some((name, bytes.as_slice()))
                })
                .collect();
            let name = folder.rsplit('/').next().unwrap_or_default().to_owned();
            let assignment =
                read_assignment(&Unpacked { name, files: held }).map_err(|err| format!("{err:#}"));
            Found {
                path: if folder.is_empty() {
                    ".".into()
                } else {
                    folder
                },
                assignment,
            }
        })
        .collect())
}

/// `path` as `a/b/c` when it stays inside the archive; `None` for `..` or a root.
fn relative(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?.to_owned()),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// An assignment folder's files, taken from an archive.
struct Unpacked<'a> {
    name: String,
    files: BTreeMap<&'a str, &'a [u8]>,
}

impl Folder for Unpacked<'_> {
    fn name(&self) -> String {
        self.name.clone()
    }

    fn text(&self, file: &str) -> Option<String> {
        let bytes = self.files.get(file)?;
        String::from_utf8(bytes.to_vec()).ok()
    }

    fn wrong_files(&self) -> anyhow::Result<Vec<(String, String)>> {
        self.files
            .iter()
            .filter_map(|(path, bytes)| {
                let name = path.strip_prefix("wrong/")?;
                (!name.contains('/')).then_some((name, bytes))
            })
            .map(|(name, bytes)| match std::str::from_utf8(bytes) {
                Ok(text) => Ok((name.to_string(), text.to_owned())),
                Err(_) => Err(anyhow::anyhow!("wrong/{name} is not UTF-8")),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wire::admin::{Compare, IoCase};
    use wire::visibility::Visibility;

    fn assignment(position: i32, slug: &str) -> Assignment {
        Assignment {
            slug: slug.into(),
            position,
            title: format!("Title of {slug}"),
            language: "python".into(),
            points: 10,
            time_limit_ms: 2000,
            memory_limit_mb: 64,
            module_name: "shapes".into(),
            published: false,
            test_visibility: [("test_secret".to_owned(), Visibility::Hide)].into(),
            handout: "# Hi\n".into(),
            starter_code: "def f():\n    pass\n".into(),
            test_code: "import unittest\n".into(),
            io_cases: Vec::new(),
            reference_solution: "def f():\n    return 1\n".into(),
            wrong_solutions: vec![("zero.py".into(), "def f():\n    return 0\n".into())],
        }
    }

    fn tar_gz(files: &[(&str, &[u8])]) -> Vec<u8> {
        let mut tar = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
        for (path, bytes) in files {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o644);
            header.set_entry_type(tar::EntryType::Regular);
            // Written by hand: `append_data` itself refuses `..`.
            header.as_gnu_mut().unwrap().name[..path.len()].copy_from_slice(path.as_bytes());
            header.set_cksum();
            tar.append(&header, *bytes).unwrap();
        }
        tar.into_inner().unwrap().finish().unwrap()
    }

    #[test]
    fn an_archive_reads_back_what_was_packed() {
        let course = vec![assignment(1, "first"), assignment(12, "t-3f2a")];
        let packed = pack(&course).unwrap();
        assert_eq!(
            packed,
            pack(&course).unwrap(),
            "the same course, the same bytes"
        );
        let found = unpack(&packed, Limits::default()).unwrap();
        let paths: Vec<&str> = found.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["01-first", "12-t-3f2a"]);
        let read: Vec<Assignment> = found.into_iter().map(|f| f.assignment.unwrap()).collect();
        assert_eq!(read, course);
    }

    #[test]
    fn cases_and_other_languages_read_back_what_was_packed() {
        let mut cpp = assignment(2, "sum");
        cpp.language = "cpp".into();
        cpp.test_code = String::new();
        cpp.wrong_solutions = vec![("off.cpp".into(), "int main() {}\n".into())];
        cpp.io_cases = vec![
            IoCase {
                name: "small".into(),
                input: "1 2\n".into(),
                expected_output: "3\n".into(),
                compare: Compare::Tokens,
                visibility: Visibility::Show,
            },
            IoCase {
                name: "big.1".into(),
                input: String::new(),
                expected_output: "0\n".into(),
                compare: Compare::Lines,
                visibility: Visibility::Hide,
            },
        ];
        let names: Vec<String> = cpp.files().into_iter().map(|(name, _)| name).collect();
        assert_eq!(
            names,
            [
                "assignment.toml",
                "handout.md",
                "starter.cpp",
                "solution.cpp",
                "cases/small.in",
                "cases/small.out",
                "cases/big.1.in",
                "cases/big.1.out",
                "wrong/off.cpp"
            ]
        );
        let found = unpack(
            &pack(std::slice::from_ref(&cpp)).unwrap(),
            Limits::default(),
        )
        .unwrap();
        assert_eq!(found[0].assignment.as_ref().unwrap(), &cpp);
    }

    #[test]
    fn inline_cases_and_unknown_languages() {
        let toml = "title = \"A\"\npoints = 1\ntime_limit_ms = 1000\nmemory_limit_mb = 64\n\
                    language = \"javascript\"\n[[io_cases]]\nname = \"one\"\ninput = \"1\"\n\
                    expected_output = \"2\"\ncompare = \"numeric\"\n";
        let packed = tar_gz(&[
            ("c/01-inline/assignment.toml", toml.as_bytes()),
            ("c/01-inline/handout.md", b"hi"),
            ("c/01-inline/starter.js", b""),
            ("c/01-inline/solution.js", b"x"),
            ("c/02-cobol/assignment.toml", b"title = \"B\"\npoints = 1\ntime_limit_ms = 1\nmemory_limit_mb = 1\nlanguage = \"cobol\"\n"),
            ("c/03-nameless/assignment.toml", b"title = \"C\"\npoints = 1\ntime_limit_ms = 1\nmemory_limit_mb = 1\n[[io_cases]]\nname = \"../x\"\n"),
        ]);
        let found = unpack(&packed, Limits::default()).unwrap();
        let inline = found[0].assignment.as_ref().unwrap();
        assert_eq!(inline.io_cases[0].input, "1");
        assert_eq!(inline.io_cases[0].compare, Compare::Numeric);
        assert_eq!(inline.test_code, "");
        let error = found[1].assignment.as_ref().unwrap_err();
        assert!(error.contains("cobol"), "{error}");
        let error = found[2].assignment.as_ref().unwrap_err();
        assert!(error.contains("../x"), "{error}");
    }

    #[test]
    fn a_bad_folder_is_named_and_the_others_are_read() {
        let packed = tar_gz(&[
            (
                "course/01-good/assignment.toml",
                b"title = \"A\"\npoints = 1\ntime_limit_ms = 1000\nmemory_limit_mb = 64\n",
            ),
            ("course/01-good/handout.md", b"hi"),
            ("course/01-good/starter.py", b""),
            ("course/01-good/tests.py", b"import unittest"),
            ("course/01-good/solution.py", b"x = 1"),
            (
                "course/02-bad/assignment.toml",
                b"title = \"B\"\ncolour = 3\n",
            ),
            ("course/README.md", b"not an assignment"),
        ]);
        let found = unpack(&packed, Limits::default()).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path, "course/01-good");
        assert_eq!(found[0].assignment.as_ref().unwrap().title, "A");
        assert_eq!(found[1].path, "course/02-bad");
        let error = found[1].assignment.as_ref().unwrap_err();
        assert!(error.contains("assignment.toml"), "{error}");
    }

    #[test]
    fn paths_out_of_the_archive_and_garbage_are_refused() {
        let escaping = tar_gz(&[("../01-x/assignment.toml", b"")]);
        let error = unpack(&escaping, Limits::default()).unwrap_err();
        assert!(error.contains("leaves the archive"), "{error}");
        let error = unpack(b"not gzip at all", Limits::default()).unwrap_err();
        assert!(error.contains("not a .tar.gz"), "{error}");
    }

    #[test]
    fn sizes_and_counts_are_bounded() {
        let big = vec![b'x'; 2048];
        let packed = tar_gz(&[("01-a/handout.md", &big), ("01-a/tests.py", &big)]);
        let small = Limits {
            unpacked_bytes: 3000,
            file_bytes: 4096,
            entries: 100,
        };
        assert!(unpack(&packed, small)
            .unwrap_err()
            .contains("more than 3000 bytes"));
        let tiny_files = Limits {
            file_bytes: 1000,
            ..small
        };
        assert!(unpack(&packed, tiny_files)
            .unwrap_err()
            .contains("at most 1000"));
        let few = Limits {
            entries: 1,
            ..Limits::default()
        };
        assert!(unpack(&packed, few)
            .unwrap_err()
            .contains("more than 1 entries"));
    }
}
