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

use crate::figures::unit_and_section;
use crate::state::{said, state, AppState};
use crate::url::Page;
use crate::widgets::{ChartCanvas, Look, PrintDate};

/// One slide.
#[derive(Clone, PartialEq)]
pub struct Slide {
    /// `unit/id`, or `@ranking` / `@achievement` for units side by side.
    pub key: String,
    pub title: String,
    pub subtitle: String,
    /// What a presenter says, without the title the slide shows above it.
    pub sentence: String,
    pub chart: Chart,
    /// Measured against a target (units charts are); a deck of its own
    /// leaves out the others unless asked.
    pub targeted: bool,
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
            targeted: true,
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
        let sentence = summary_sentence(l, &r, lang);
        // The sentence starts with the name, which is the slide's title.
        let sentence = match sentence.strip_prefix(r.indicator.name.as_str()) {
            Some(rest) => rest.trim_start_matches(": ").to_string(),
            None => sentence,
        };
        out.push(Slide {
            key: format!("{}/{}", r.unit.id, r.indicator.id),
            title: r.indicator.name.clone(),
            subtitle: format!(
                "{} · {period}",
                unit_and_section(&r.unit.name, &r.section.title, " · ")
            ),
            sentence,
            chart,
            targeted: !r.eval.targets.is_empty(),
        });
    }
    out
}

/// Which slides a deck without an order of its own has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The units charts and the indicators measured against a target.
    Targeted,
    /// Every chart, rows without a target too.
    Every,
}

/// The slides of the deck, in its order.
fn deck(all: &[Slide], keys: &Option<Vec<String>>, scope: Scope) -> Vec<Slide> {
    match keys {
        None => all
            .iter()
            .filter(|s| scope == Scope::Every || s.targeted)
            .cloned()
            .collect(),
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

/// The presentation's controls: the slides, the number being typed, the
/// slide list and where its selection is.
#[derive(Clone, Copy)]
struct Controls {
    state: AppState,
    /// Every slide of the export, in report order.
    all: Memo<Vec<Slide>>,
    /// The deck's slides, in its order.
    deck: Memo<Vec<Slide>>,
    /// Whether a deck without an order of its own leaves out rows without a target.
    scope: RwSignal<Scope>,
    /// Digits typed before Enter.
    typed: RwSignal<String>,
    list_open: RwSignal<bool>,
    /// The slide list's selected line, from 0.
    selected: RwSignal<usize>,
}

/// The slide list's lines: the deck in its order, then the hidden slides in report order.
fn list_order(all: &[Slide], deck: &[Slide]) -> Vec<(Slide, Place)> {
    let mut order: Vec<(Slide, Place)> = deck.iter().map(|s| (s.clone(), Place::InDeck)).collect();
    order.extend(
        all.iter()
            .filter(|s| !deck.iter().any(|d| d.key == s.key))
            .map(|s| (s.clone(), Place::Hidden)),
    );
    order
}

/// Focuses the slide list's selected line (its tick), once it is drawn.
fn focus_selected() {
    crate::focus_soon(".slide-list li.selected input");
}

impl Controls {
    /// How many slides the deck has.
    fn count(&self) -> usize {
        self.deck.with_untracked(Vec::len)
    }

    /// Shows slide `n`, kept within the deck.
    fn go(&self, n: usize) {
        let total = self.count();
        if total == 0 {
            return;
        }
        self.state.update_route(|r| r.slide = n.clamp(1, total));
    }

    /// Shows the slide of `key` if the deck has it, bringing back the rows
    /// without a target when it is one of them.
    fn go_to_key(&self, key: &str) {
        let find = || {
            self.deck
                .with_untracked(|d| d.iter().position(|s| s.key == key))
        };
        if find().is_none() && self.all.with_untracked(|a| a.iter().any(|s| s.key == key)) {
            self.scope.set(Scope::Every);
        }
        if let Some(i) = find() {
            self.state.update_route(|r| r.slide = i + 1);
        }
    }

    /// Leaves full screen and the presentation, for the overview.
    fn leave(&self) {
        exit_fullscreen();
        let r = self.state.route.get_untracked().with_page(Page::Overview);
        self.state.go_to(r);
    }

    /// Opens or closes the slide list; it opens at the slide shown.
    fn toggle_list(&self) {
        let open = !self.list_open.get_untracked();
        if open {
            let n = self.state.route.get_untracked().slide;
            self.selected.set(n.saturating_sub(1));
            focus_selected();
        }
        self.list_open.set(open);
    }

    /// Moves the list's selection by one line.
    fn select(&self, down: isize) {
        let lines = self.all.with_untracked(Vec::len);
        self.selected.update(|i| {
            *i = i.saturating_add_signed(down).min(lines.saturating_sub(1));
        });
        focus_selected();
    }

    /// Shows the selected line's slide and closes the list (a hidden slide is not shown).
    fn open_selected(&self) {
        let i = self.selected.get_untracked();
        if i < self.count() {
            self.go(i + 1);
            self.list_open.set(false);
        }
    }

    /// Keys while the slide list is open: ↑↓ move in the list, Enter opens,
    /// Esc and L close it; the slide stays.
    fn on_list_key(&self, key: &str) -> bool {
        match key {
            "ArrowDown" => self.select(1),
            "ArrowUp" => self.select(-1),
            "Enter" => self.open_selected(),
            "Escape" | "l" | "L" => self.toggle_list(),
            _ => return false,
        }
        true
    }

    /// What a key does: next, previous, first, last, a typed number, the
    /// list, leave. Keys with a modifier are the browser's.
    fn on_key(&self, ev: &web_sys::KeyboardEvent) {
        if ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let key = ev.key();
        if self.list_open.get_untracked() {
            if self.on_list_key(&key) {
                ev.prevent_default();
            }
            return;
        }
        let current = self.state.route.get_untracked().slide;
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

    /// Brings back (or leaves out again) the rows without a target: the
    /// deck as the export has it, from its first slide.
    fn set_scope(&self, scope: Scope) {
        self.scope.set(scope);
        self.state.update_route(|r| {
            r.deck = None;
            r.slide = 1;
        });
    }
}

/// The presentation, at the slide the route names or at the indicator it
/// was started from.
#[component]
pub fn Present(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    // Every slide's chart, built once per language rather than on each key.
    let all = Memo::new(move |_| slides(&loaded, state.lang.get()));
    let scope = RwSignal::new(Scope::Targeted);
    let deck = Memo::new(move |_| {
        let keys = state.route.with(|r| r.deck.clone());
        all.with(|a| deck(a, &keys, scope.get()))
    });
    let controls = Controls {
        state,
        all,
        deck,
        scope,
        typed: RwSignal::new(String::new()),
        list_open: RwSignal::new(false),
        selected: RwSignal::new(0),
    };
    if let Some(key) = state.present_from.get_untracked() {
        state.present_from.set(None);
        controls.go_to_key(&key);
    }
    let keys = window_event_listener(leptos::ev::keydown, move |ev| controls.on_key(&ev));
    on_cleanup(move || keys.remove());
    view! {
        <div class="present" tabindex="-1">
            <PresentBar controls=controls />
            {move || controls.list_open.get().then(|| view! { <SlideList controls=controls /> })}
            <SlideView controls=controls />
        </div>
    }
}

/// The number being typed, the tick for rows without a target, and the
/// list and leave buttons.
#[component]
fn PresentBar(
    /// The presentation's controls.
    controls: Controls,
) -> impl IntoView {
    let typed = controls.typed;
    let every = move || controls.scope.get() == Scope::Every;
    view! {
        <div class="present-bar">
            <span class="typed">{move || {
                let t = typed.get();
                if t.is_empty() { String::new() } else { format!("→ {t}") }
            }}</span>
            <label class="every">
                <input type="checkbox" prop:checked=every on:change=move |_| {
                    controls.set_scope(if every() { Scope::Targeted } else { Scope::Every })
                } />
                {said("Cả chỉ tiêu chưa có mục tiêu", "Rows without a target too")}
            </label>
            <button class="booklet-start" on:click=move |_| {
                exit_fullscreen();
                let state = state();
                let r = state.route.get_untracked().with_page(Page::Booklet);
                state.go_to(r);
            }>
                {said("In tập tài liệu", "Print booklet")}
            </button>
            <button class="slide-list-toggle" aria-expanded=move || controls.list_open.get().to_string() on:click=move |_| controls.toggle_list()>
                {said("Danh sách trang (L)", "Slides (L)")}
            </button>
            <button class="leave" on:click=move |_| controls.leave()>
                {said("Thoát (Esc)", "Leave (Esc)")}
            </button>
        </div>
    }
}

/// The slide the route names, with its counter.
#[component]
fn SlideView(
    /// The presentation's controls.
    controls: Controls,
) -> impl IntoView {
    let state = controls.state;
    move || {
        let lang = state.lang.get();
        let r = state.route.get();
        let total = controls.deck.with(Vec::len);
        let n = r.slide.clamp(1, total.max(1));
        let Some(s) = controls.deck.with(|d| d.get(n - 1).cloned()) else {
            return view! { <p class="empty">{lang.pick("Không có trang nào để trình chiếu.", "There are no slides to show.")}</p> }.into_any();
        };
        // A long name takes smaller type, so it fits in two lines.
        let size = match s.title.chars().count() {
            0..=60 => "",
            61..=100 => "long",
            _ => "longer",
        };
        view! {
            <section class="slide" data-slide=n.to_string() data-key=s.key.clone()>
                <h2 class=size title=s.title.clone()>{s.title.clone()}</h2>
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

/// Whether a line of the slide list is the one ↑↓ and Enter act on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Line {
    Selected,
    Other,
}

/// The slide list: shown slides in deck order and numbered, then the hidden
/// ones in report order, each to show or hide and move up or down.
#[component]
fn SlideList(
    /// The presentation's controls.
    controls: Controls,
) -> impl IntoView {
    let state = controls.state;
    move || {
        let lang = state.lang.get();
        let selected = controls.selected.get();
        let shown: Vec<String> = controls
            .deck
            .with(|d| d.iter().map(|s| s.key.clone()).collect());
        let order = controls
            .all
            .with(|all| controls.deck.with(|d| list_order(all, d)));
        let items = order
            .into_iter()
            .enumerate()
            .map(|(i, (s, place))| {
                let number = (place == Place::InDeck).then(|| i + 1);
                let line = if i == selected { Line::Selected } else { Line::Other };
                view! { <SlideItem slide=s place=place number=number line=line deck=shown.clone() lang=lang /> }
            })
            .collect::<Vec<_>>();
        view! {
            <aside class="slide-list" aria-label=lang.pick("Danh sách trang", "Slide list")>
                <h3>{lang.pick("Danh sách trang: ↑↓ chọn, Enter mở, Esc đóng", "Slides: ↑↓ choose, Enter opens, Esc closes")}</h3>
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

/// One slide in the list: its number in the deck, shown or hidden, and
/// moved up or down.
#[component]
fn SlideItem(
    /// The slide.
    slide: Slide,
    /// Whether it is in the deck.
    place: Place,
    /// Its number in the deck; none when hidden.
    number: Option<usize>,
    /// Whether it is the list's selected line.
    line: Line,
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
        <li data-key=key class:hidden-slide=hidden class:selected=line == Line::Selected>
            <span class="n" aria-hidden="true">{number.map(|n| format!("{n}."))}</span>
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
