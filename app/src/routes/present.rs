//! Presentation mode: one chart per slide, full screen, for the back of a
//! hall. Arrows, PageUp/PageDown (what a clicker sends), Home/End, a number
//! then Enter to jump, Esc to leave. The deck (order, hidden slides) and the
//! slide live in the URL, so a deck can be shared and reopened.

use std::sync::Arc;

use chitieu_charts::spec::{chart_for, unit_charts, Chart};
use chitieu_core::describe::summary_sentence;
use chitieu_core::evaluate::evaluate_all;
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use leptos::prelude::*;

use crate::state;
use crate::url::Page;
use crate::widgets::{ChartCanvas, PrintDate};

/// One slide.
#[derive(Clone, PartialEq)]
pub struct Slide {
    /// `unit/id`, or `@ranking` / `@achievement` for units side by side.
    pub key: String,
    pub title: String,
    pub subtitle: String,
    pub sentence: String,
    pub chart: Chart,
}

/// Every slide the export offers, in report order.
pub fn slides(l: &Loaded, lang: Lang) -> Vec<Slide> {
    let mut out = Vec::new();
    for c in unit_charts(l, lang) {
        out.push(Slide {
            key: format!("@{}", c.kind()),
            title: c.title().to_string(),
            subtitle: l.export.dataset.title.clone(),
            sentence: String::new(),
            chart: c,
        });
    }
    for r in evaluate_all(l) {
        let Some(chart) = chart_for(l, &r, lang) else {
            continue;
        };
        let period = r
            .eval
            .targets
            .first()
            .map(|t| l.period_label(&t.horizon, lang))
            .unwrap_or_else(|| format!("{:02}/{}", l.as_of().month, l.as_of().year));
        out.push(Slide {
            key: format!("{}/{}", r.unit.id, r.indicator.id),
            title: r.indicator.name.clone(),
            subtitle: format!("{} · {} · {period}", r.unit.name, r.section.title),
            sentence: summary_sentence(l, &r, lang),
            chart,
        });
    }
    out
}

/// The slides of the deck, in its order.
fn deck(all: &[Slide], keys: &Option<Vec<String>>) -> Vec<Slide> {
    match keys {
        None => all.to_vec(),
        Some(keys) => keys
            .iter()
            .filter_map(|k| all.iter().find(|s| &s.key == k).cloned())
            .collect(),
    }
}

fn exit_fullscreen() {
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if doc.fullscreen_element().is_some() {
            doc.exit_fullscreen();
        }
    }
}

/// Starts a presentation from the first slide, full screen where allowed.
pub fn start(state: crate::AppState) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        // Refused without a user gesture or in some embeddings; the page still fills the window.
        let _ = el.request_fullscreen();
    }
    let mut r = state.route.get_untracked();
    r.page = Page::Present;
    r.slide = 1;
    state.navigate(r, true);
}

/// The presentation.
#[component]
pub fn Present(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    let typed = RwSignal::new(String::new());
    let list_open = RwSignal::new(false);
    // Every slide's chart, built once per language rather than on each key.
    let all_slides = {
        let loaded = loaded.clone();
        Memo::new(move |_| slides(&loaded, state.lang.get()))
    };
    let count =
        move || all_slides.with_untracked(|all| deck(all, &state.route.get_untracked().deck).len());
    let go = move |n: usize| {
        let total = count();
        if total == 0 {
            return;
        }
        state.update_route(|r| r.slide = n.clamp(1, total));
    };
    let leave = move || {
        exit_fullscreen();
        let mut r = state.route.get_untracked();
        r.page = Page::Overview;
        state.navigate(r, true);
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let current = state.route.get_untracked().slide;
        let key = ev.key();
        match key.as_str() {
            "ArrowRight" | "ArrowDown" | "PageDown" | " " => go(current + 1),
            "ArrowLeft" | "ArrowUp" | "PageUp" => go(current.saturating_sub(1)),
            "Home" => go(1),
            "End" => go(count()),
            "Escape" => leave(),
            "Enter" => {
                if let Ok(n) = typed.get_untracked().parse::<usize>() {
                    go(n);
                }
                typed.set(String::new());
            }
            "l" | "L" => list_open.update(|o| *o = !*o),
            d if d.len() == 1 && d.chars().all(|c| c.is_ascii_digit()) => typed.update(|t| {
                if t.len() < 3 {
                    t.push_str(d);
                }
            }),
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || keys.remove());

    let slide_view = move || {
        let lang = state.lang.get();
        let r = state.route.get();
        let shown = all_slides.with(|all| deck(all, &r.deck));
        let total = shown.len();
        let n = r.slide.clamp(1, total.max(1));
        let Some(s) = shown.get(n - 1).cloned() else {
            return view! { <p class="empty">{lang.pick("Không có trang nào để trình chiếu.", "There are no slides to show.")}</p> }.into_any();
        };
        view! {
            <section class="slide" data-slide=n.to_string() data-key=s.key.clone()>
                <h2>{s.title.clone()}</h2>
                <p class="subtitle">{s.subtitle.clone()}</p>
                {(!s.sentence.is_empty()).then(|| view! { <p class="sentence">{s.sentence.clone()}</p> })}
                <ChartCanvas chart=s.chart.clone() lang=Signal::stored(lang) projector=true />
                <footer class="slide-footer">
                    <span class="counter">{format!("{n} / {total}")}</span>
                    <PrintDate />
                </footer>
            </section>
        }
        .into_any()
    };

    let list_view = move || {
        if !list_open.get() {
            return ().into_any();
        }
        let lang = state.lang.get();
        let r = state.route.get();
        let all = all_slides.get();
        let shown: Vec<String> = deck(&all, &r.deck).into_iter().map(|s| s.key).collect();
        // Shown slides in deck order, then the hidden ones in report order.
        let mut order: Vec<(Slide, bool)> = shown
            .iter()
            .filter_map(|k| all.iter().find(|s| &s.key == k).map(|s| (s.clone(), true)))
            .collect();
        order.extend(
            all.iter()
                .filter(|s| !shown.contains(&s.key))
                .map(|s| (s.clone(), false)),
        );
        let set_deck = move |keys: Vec<String>| {
            state.update_route(move |r| {
                r.deck = Some(keys);
                r.slide = 1;
            })
        };
        let items = order
            .into_iter()
            .map(|(s, visible)| {
                let key = s.key.clone();
                let (k1, k2, k3) = (key.clone(), key.clone(), key.clone());
                let shown1 = shown.clone();
                let shown2 = shown.clone();
                let shown3 = shown.clone();
                view! {
                    <li data-key=key.clone() class:hidden-slide=!visible>
                        <label>
                            <input type="checkbox" prop:checked=visible on:change=move |_| {
                                let mut keys = shown1.clone();
                                if keys.contains(&k1) {
                                    keys.retain(|k| k != &k1);
                                } else {
                                    keys.push(k1.clone());
                                }
                                set_deck(keys);
                            } />
                            " "
                            {s.title.clone()}
                        </label>
                        <button class="up" disabled=!visible aria-label=lang.pick("Lên", "Up") on:click=move |_| {
                            let mut keys = shown2.clone();
                            if let Some(i) = keys.iter().position(|k| k == &k2) {
                                if i > 0 {
                                    keys.swap(i, i - 1);
                                }
                            }
                            set_deck(keys);
                        }>"↑"</button>
                        <button class="down" disabled=!visible aria-label=lang.pick("Xuống", "Down") on:click=move |_| {
                            let mut keys = shown3.clone();
                            if let Some(i) = keys.iter().position(|k| k == &k3) {
                                if i + 1 < keys.len() {
                                    keys.swap(i, i + 1);
                                }
                            }
                            set_deck(keys);
                        }>"↓"</button>
                    </li>
                }
            })
            .collect::<Vec<_>>();
        view! {
            <aside class="slide-list" aria-label=lang.pick("Danh sách trang", "Slide list")>
                <h3>{lang.pick("Danh sách trang: chọn, ẩn và sắp xếp", "Slides: choose, hide and order")}</h3>
                <ol>{items}</ol>
            </aside>
        }
        .into_any()
    };

    view! {
        <div class="present" tabindex="0">
            <div class="present-bar">
                <span class="typed">{move || {
                    let t = typed.get();
                    if t.is_empty() { String::new() } else { format!("→ {t}") }
                }}</span>
                <button class="slide-list-toggle" on:click=move |_| list_open.update(|o| *o = !*o)>
                    {move || state.lang.get().pick("Danh sách trang (L)", "Slides (L)")}
                </button>
                <button class="leave" on:click=move |_| leave()>
                    {move || state.lang.get().pick("Thoát (Esc)", "Leave (Esc)")}
                </button>
            </div>
            {list_view}
            {slide_view}
        </div>
    }
}
