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

use crate::state::{state, AppState};
use crate::url::Page;
use crate::widgets::{ChartCanvas, Look, PrintDate};

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

/// The presentation's controls: the slides, the number being typed and
/// whether the slide list is open.
#[derive(Clone, Copy)]
struct Controls {
    state: AppState,
    /// Every slide of the export, in report order.
    all: Memo<Vec<Slide>>,
    /// Digits typed before Enter.
    typed: RwSignal<String>,
    list_open: RwSignal<bool>,
}

impl Controls {
    /// How many slides the deck has.
    fn count(&self) -> usize {
        let keys = self.state.route.get_untracked().deck;
        self.all.with_untracked(|all| deck(all, &keys).len())
    }

    /// Shows slide `n`, kept within the deck.
    fn go(&self, n: usize) {
        let total = self.count();
        if total == 0 {
            return;
        }
        self.state.update_route(|r| r.slide = n.clamp(1, total));
    }

    /// Leaves full screen and the presentation, for the overview.
    fn leave(&self) {
        exit_fullscreen();
        let r = self.state.route.get_untracked().with_page(Page::Overview);
        self.state.go_to(r);
    }

    fn toggle_list(&self) {
        self.list_open.update(|o| *o = !*o);
    }

    /// What a key does: next, previous, first, last, a typed number, the
    /// list, leave. Keys with a modifier are the browser's.
    fn on_key(&self, ev: &web_sys::KeyboardEvent) {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let current = self.state.route.get_untracked().slide;
        let key = ev.key();
        match key.as_str() {
            "ArrowRight" | "ArrowDown" | "PageDown" | " " => self.go(current + 1),
            "ArrowLeft" | "ArrowUp" | "PageUp" => self.go(current.saturating_sub(1)),
            "Home" => self.go(1),
            "End" => self.go(self.count()),
            "Escape" => self.leave(),
            "Enter" => {
                if let Ok(n) = self.typed.get_untracked().parse::<usize>() {
                    self.go(n);
                }
                self.typed.set(String::new());
            }
            "l" | "L" => self.toggle_list(),
            d if d.len() == 1 && d.chars().all(|c| c.is_ascii_digit()) => self.typed.update(|t| {
                if t.len() < 3 {
                    t.push_str(d);
                }
            }),
            _ => return,
        }
        ev.prevent_default();
    }
}

/// The presentation.
#[component]
pub fn Present(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    // Every slide's chart, built once per language rather than on each key.
    let all = Memo::new(move |_| slides(&loaded, state.lang.get()));
    let controls = Controls {
        state,
        all,
        typed: RwSignal::new(String::new()),
        list_open: RwSignal::new(false),
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| controls.on_key(&ev));
    on_cleanup(move || keys.remove());
    view! {
        <div class="present" tabindex="0">
            <PresentBar controls=controls />
            {move || controls.list_open.get().then(|| view! { <SlideList slides=all.into() /> })}
            <SlideView slides=all.into() />
        </div>
    }
}

/// The number being typed, and the list and leave buttons.
#[component]
fn PresentBar(
    /// The presentation's controls.
    controls: Controls,
) -> impl IntoView {
    let state = controls.state;
    let typed = controls.typed;
    view! {
        <div class="present-bar">
            <span class="typed">{move || {
                let t = typed.get();
                if t.is_empty() { String::new() } else { format!("→ {t}") }
            }}</span>
            <button class="slide-list-toggle" on:click=move |_| controls.toggle_list()>
                {move || state.lang.get().pick("Danh sách trang (L)", "Slides (L)")}
            </button>
            <button class="leave" on:click=move |_| controls.leave()>
                {move || state.lang.get().pick("Thoát (Esc)", "Leave (Esc)")}
            </button>
        </div>
    }
}

/// The slide the route names, with its counter.
#[component]
fn SlideView(
    /// Every slide of the export, in report order.
    slides: Signal<Vec<Slide>>,
) -> impl IntoView {
    let state = state();
    move || {
        let lang = state.lang.get();
        let r = state.route.get();
        let shown = slides.with(|all| deck(all, &r.deck));
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
                <ChartCanvas chart=s.chart.clone() lang=Signal::stored(lang) look=Look::Projector />
                <footer class="slide-footer">
                    <span class="counter">{format!("{n} / {total}")}</span>
                    <PrintDate />
                </footer>
            </section>
        }
        .into_any()
    }
}

/// Whether a slide is in the deck or hidden from it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    InDeck,
    Hidden,
}

/// The slide list: shown slides in deck order, then the hidden ones in
/// report order, each to show or hide and move up or down.
#[component]
fn SlideList(
    /// Every slide of the export, in report order.
    slides: Signal<Vec<Slide>>,
) -> impl IntoView {
    let state = state();
    move || {
        let lang = state.lang.get();
        let r = state.route.get();
        let all = slides.get();
        let shown: Vec<String> = deck(&all, &r.deck).into_iter().map(|s| s.key).collect();
        let mut order: Vec<(Slide, Place)> = shown
            .iter()
            .filter_map(|k| {
                all.iter()
                    .find(|s| &s.key == k)
                    .map(|s| (s.clone(), Place::InDeck))
            })
            .collect();
        order.extend(
            all.iter()
                .filter(|s| !shown.contains(&s.key))
                .map(|s| (s.clone(), Place::Hidden)),
        );
        let items = order
            .into_iter()
            .map(|(s, place)| view! { <SlideItem slide=s place=place deck=shown.clone() lang=lang /> })
            .collect::<Vec<_>>();
        view! {
            <aside class="slide-list" aria-label=lang.pick("Danh sách trang", "Slide list")>
                <h3>{lang.pick("Danh sách trang: chọn, ẩn và sắp xếp", "Slides: choose, hide and order")}</h3>
                <ol>{items}</ol>
            </aside>
        }
    }
}

/// The deck's keys with `key` shown or hidden.
fn toggled(mut keys: Vec<String>, key: &str) -> Vec<String> {
    if keys.iter().any(|k| k == key) {
        keys.retain(|k| k != key);
    } else {
        keys.push(key.to_string());
    }
    keys
}

/// The deck's keys with `key` moved one place towards the start (`-1`) or the end (`1`).
fn moved(mut keys: Vec<String>, key: &str, by: isize) -> Vec<String> {
    if let Some(i) = keys.iter().position(|k| k == key) {
        if let Some(j) = i.checked_add_signed(by).filter(|j| *j < keys.len()) {
            keys.swap(i, j);
        }
    }
    keys
}

/// One slide in the list: shown or hidden, and moved up or down.
#[component]
fn SlideItem(
    /// The slide.
    slide: Slide,
    /// Whether it is in the deck.
    place: Place,
    /// The deck's keys, in order.
    deck: Vec<String>,
    /// Interface language, fixed for the list.
    lang: Lang,
) -> impl IntoView {
    let state = state();
    let set_deck = move |keys: Vec<String>| {
        state.update_route(move |r| {
            r.deck = Some(keys);
            r.slide = 1;
        })
    };
    let key = slide.key.clone();
    let (k1, k2, k3) = (key.clone(), key.clone(), key.clone());
    let (d1, d2, d3) = (deck.clone(), deck.clone(), deck);
    let hidden = place == Place::Hidden;
    view! {
        <li data-key=key class:hidden-slide=hidden>
            <label>
                <input type="checkbox" prop:checked=!hidden on:change=move |_| set_deck(toggled(d1.clone(), &k1)) />
                " "
                {slide.title.clone()}
            </label>
            <button class="up" disabled=hidden aria-label=lang.pick("Lên", "Up") on:click=move |_| set_deck(moved(d2.clone(), &k2, -1))>"↑"</button>
            <button class="down" disabled=hidden aria-label=lang.pick("Xuống", "Down") on:click=move |_| set_deck(moved(d3.clone(), &k3, 1))>"↓"</button>
        </li>
    }
}
