//! `include_dir!` cannot tell cargo which files it read, so a catalog edit would not
//! rebuild this crate on its own: say it here.
fn main() {
    println!("cargo:rerun-if-changed=catalog");
    println!("cargo:rerun-if-changed=sql");
}
