//! Links from one view to another: a real `href` (open in a new tab, copy)
//! that moves within the page on a plain click.

use leptos::prelude::*;

use crate::state::state;
use crate::url::Page;

/// A link to another page of the current view, the filters kept; a plain
/// click moves there as a new history entry.
#[component]
pub fn RouteLink(
    /// The page linked to.
    page: Page,
    /// The link's class, if any (`back` for the link to the overview).
    #[prop(optional)]
    class: Option<&'static str>,
    /// The link's text.
    children: Children,
) -> impl IntoView {
    let state = state();
    let route = state.route.get_untracked().with_page(page);
    let href = route.href();
    let go = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        state.go_to(route.clone());
    };
    view! { <a class=class href=href on:click=go>{children()}</a> }
}
