// Finds the installed C library with the pkg-config program (no crates):
// the link path, and an rpath so the tests run without LD_LIBRARY_PATH.
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    let out = Command::new("pkg-config")
        .args(["--libs", "homeward-c"])
        .output()
        .expect("pkg-config is needed to find homeward-c");
    assert!(
        out.status.success(),
        "pkg-config homeward-c failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for flag in String::from_utf8(out.stdout).unwrap().split_whitespace() {
        if let Some(dir) = flag.strip_prefix("-L") {
            println!("cargo:rustc-link-search=native={dir}");
        } else if let Some(lib) = flag.strip_prefix("-l") {
            println!("cargo:rustc-link-lib=dylib={lib}");
        } else if flag.starts_with("-Wl,") {
            println!("cargo:rustc-link-arg={flag}");
        }
    }
}
