fn main() {
    chitieu_app::api::mark("chitieu:start");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(chitieu_app::App);
}
