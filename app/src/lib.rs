//! The chitieu dashboard. Loads the bundled exports (listed in `data/index.json`),
//! validates and evaluates them with chitieu-core in the browser, and shows
//! every indicator with the report's own figures.

use std::sync::Arc;

use chitieu_core::compute::{PeriodOutcome, Row};
use chitieu_core::{evaluate_all, load, Dec, IndicatorKind, LoadError, Loaded, Status};
use leptos::prelude::*;
use serde::Deserialize;

/// One bundled export, as listed in `data/index.json`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct DatasetEntry {
    /// File name under `data/`.
    pub file: String,
    /// Short title for the picker.
    pub title: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
struct DataIndex {
    datasets: Vec<DatasetEntry>,
}

/// Why data could not be shown.
#[derive(Clone, Debug, thiserror::Error)]
pub enum AppError {
    #[error("Không tải được {url}: {reason}")]
    Network { url: String, reason: String },
    #[error("Không tải được {url}: máy chủ trả về mã {status}")]
    Http { url: String, status: u16 },
    #[error("Danh mục dữ liệu {url} không hợp lệ: {reason}")]
    Index { url: String, reason: String },
    #[error("{0}")]
    Invalid(LoadError),
}

async fn fetch_bytes(url: &str) -> Result<Vec<u8>, AppError> {
    let resp = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|e| AppError::Network {
            url: url.to_string(),
            reason: e.to_string(),
        })?;
    if !resp.ok() {
        return Err(AppError::Http {
            url: url.to_string(),
            status: resp.status(),
        });
    }
    resp.binary().await.map_err(|e| AppError::Network {
        url: url.to_string(),
        reason: e.to_string(),
    })
}

async fn fetch_index() -> Result<Vec<DatasetEntry>, AppError> {
    let url = "data/index.json";
    let bytes = fetch_bytes(url).await?;
    let index: DataIndex = serde_json::from_slice(&bytes).map_err(|e| AppError::Index {
        url: url.to_string(),
        reason: e.to_string(),
    })?;
    Ok(index.datasets)
}

async fn fetch_dataset(file: String) -> Result<Arc<Loaded>, AppError> {
    let url = format!("data/{file}");
    let bytes = fetch_bytes(&url).await?;
    load(&file, &bytes).map(Arc::new).map_err(AppError::Invalid)
}

/// The whole dashboard.
#[component]
pub fn App() -> impl IntoView {
    let index = LocalResource::new(fetch_index);
    let (chosen, set_chosen) = signal(None::<String>);
    let dataset = LocalResource::new(move || {
        let file = chosen.get();
        async move {
            let file = match file {
                Some(f) => f,
                None => fetch_index()
                    .await?
                    .into_iter()
                    .next()
                    .map(|d| d.file)
                    .ok_or_else(|| AppError::Index {
                        url: "data/index.json".into(),
                        reason: "không có bộ dữ liệu nào".into(),
                    })?,
            };
            fetch_dataset(file).await
        }
    });
    view! {
        <header class="top">
            <h1>"Chỉ tiêu nghị quyết"</h1>
            <Transition fallback=|| ()>
                <ErrorBoundary fallback=error_list>
                    {move || Suspend::new(async move {
                        index.await.map(|list| {
                            view! { <DatasetPicker datasets=list on_pick=set_chosen chosen=chosen /> }
                        })
                    })}
                </ErrorBoundary>
            </Transition>
        </header>
        <main>
            <Transition fallback=|| view! { <p class="loading">"Đang tải dữ liệu…"</p> }>
                <ErrorBoundary fallback=error_list>
                    {move || Suspend::new(async move {
                        dataset.await.map(|l| view! { <DatasetView loaded=l /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}

fn error_list(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <div class="error" role="alert">
            <h2>"Không hiển thị được dữ liệu"</h2>
            <ul>
                {move || {
                    errors
                        .with(|errors| {
                            errors
                                .iter()
                                .flat_map(|(_, e)| {
                                    e.to_string().lines().map(str::to_string).collect::<Vec<_>>()
                                })
                                .map(|line| view! { <li>{line}</li> })
                                .collect::<Vec<_>>()
                        })
                }}
            </ul>
        </div>
    }
}

/// Buttons to switch between the bundled exports.
#[component]
pub fn DatasetPicker(
    /// The exports to choose from.
    datasets: Vec<DatasetEntry>,
    /// Called with the chosen file.
    on_pick: WriteSignal<Option<String>>,
    /// The file shown now (`None`: the first).
    chosen: ReadSignal<Option<String>>,
) -> impl IntoView {
    let first = datasets.first().map(|d| d.file.clone());
    view! {
        <nav class="datasets" aria-label="Bộ dữ liệu">
            {datasets
                .into_iter()
                .map(|d| {
                    let file = d.file.clone();
                    let first = first.clone();
                    let pressed = {
                        let file = file.clone();
                        move || chosen.get().or(first.clone()).as_deref() == Some(file.as_str())
                    };
                    view! {
                        <button
                            class="dataset"
                            aria-pressed=move || pressed().to_string()
                            on:click=move |_| on_pick.set(Some(file.clone()))
                        >
                            {d.title}
                        </button>
                    }
                })
                .collect::<Vec<_>>()}
        </nav>
    }
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Exceeded => "status exceeded",
        Status::Met => "status met",
        Status::OnTrack => "status on-track",
        Status::Behind => "status behind",
        Status::Missed => "status missed",
        Status::NoTarget => "status none",
    }
}

/// The status as icon and words, so it never relies on colour alone.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: Status,
) -> impl IntoView {
    view! {
        <span class=status_class(status)>
            <span class="icon" aria-hidden="true">{status.icon()}</span>
            " "
            {status.label_vi()}
        </span>
    }
}

/// One export: summary counts, then every unit's sections.
#[component]
pub fn DatasetView(
    /// The loaded, valid export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let d = &loaded.export.dataset;
    let rows = evaluate_all(&loaded);
    let count = |s: Status| rows.iter().filter(|r| r.eval.status == s).count();
    let warnings: usize = rows.iter().map(|r| r.eval.warnings.len()).sum();
    let summary = [
        (Status::Exceeded, count(Status::Exceeded)),
        (Status::Met, count(Status::Met)),
        (Status::OnTrack, count(Status::OnTrack)),
        (Status::Behind, count(Status::Behind)),
        (Status::Missed, count(Status::Missed)),
    ];
    let as_of = format!("{:02}/{}", d.as_of.month, d.as_of.year);
    let mut units = Vec::new();
    for u in &loaded.export.units {
        let sections = u
            .sections
            .iter()
            .map(|s| {
                let in_section: Vec<&Row> = rows
                    .iter()
                    .filter(|r| r.unit.id == u.id && r.section.id == s.id)
                    .collect();
                section_view(&loaded, s, &in_section)
            })
            .collect::<Vec<_>>();
        units.push(view! {
            <section class="unit" id=format!("don-vi-{}", u.id)>
                <h2>{u.name.clone()}</h2>
                {sections}
            </section>
        });
    }
    view! {
        <div class="dataset-view" data-dataset=d.id.clone()>
            <h2 class="dataset-title">{d.title.clone()}</h2>
            <p class="meta">{d.organisation.clone()} " · số liệu đến tháng " {as_of}</p>
            {d.description.clone().map(|t| view! { <p class="description">{t}</p> })}
            <ul class="summary" aria-label="Tổng hợp">
                {summary
                    .into_iter()
                    .map(|(s, n)| {
                        view! {
                            <li>
                                <StatusBadge status=s />
                                ": "
                                <strong>{n}</strong>
                            </li>
                        }
                    })
                    .collect::<Vec<_>>()}
                <li class="warn-count">"⚠ Số liệu không khớp: " <strong>{warnings}</strong></li>
            </ul>
            {units}
        </div>
    }
}

fn fmt(d: Dec) -> String {
    d.fmt_vi()
}

fn section_view(l: &Loaded, s: &chitieu_core::Section, rows: &[&Row]) -> impl IntoView {
    // The periods this section has figures for, in the export's order.
    let periods: Vec<String> = l
        .export
        .periods
        .iter()
        .filter(|p| {
            rows.iter().any(|r| {
                r.indicator.values.iter().any(|o| o.period == p.id)
                    || r.indicator
                        .categories
                        .iter()
                        .any(|c| c.values.iter().any(|o| o.period == p.id))
            })
        })
        .map(|p| p.id.clone())
        .collect();
    let heads = periods
        .iter()
        .map(|p| view! { <th scope="col" class="num">{l.period_label_vi(p)}</th> })
        .collect::<Vec<_>>();
    // STT, name, unit, target, the periods, actual, achievement, status.
    let ncols = periods.len() + 7;
    let mut body = Vec::new();
    for r in rows {
        body.push(indicator_row(l, r, &periods).into_any());
        for c in &r.indicator.categories {
            let cells = periods
                .iter()
                .map(|p| {
                    let v = c
                        .values
                        .iter()
                        .find(|o| &o.period == p)
                        .and_then(|o| o.value);
                    view! { <td class="num">{v.map(fmt)}</td> }
                })
                .collect::<Vec<_>>();
            body.push(
                view! {
                    <tr class="category">
                        <td></td>
                        <td class=format!("name depth-{}", r.depth + 1)>{format!("+ {}", c.name)}</td>
                        <td>"%"</td>
                        <td></td>
                        {cells}
                        <td></td>
                        <td></td>
                        <td></td>
                    </tr>
                }
                .into_any(),
            );
        }
        if !r.eval.warnings.is_empty() {
            let items = r
                .eval
                .warnings
                .iter()
                .map(|w| view! { <li data-code=w.code>{format!("⚠ {}", w.vi)}</li> })
                .collect::<Vec<_>>();
            body.push(
                view! {
                    <tr class="warnings">
                        <td></td>
                        <td colspan=(ncols - 1).to_string()>
                            <ul>{items}</ul>
                        </td>
                    </tr>
                }
                .into_any(),
            );
        }
    }
    let title = match &s.number {
        Some(n) => format!("{n}. {}", s.title),
        None => s.title.clone(),
    };
    view! {
        <div class="section">
            <h3>{title}</h3>
            <div class="table-scroll">
                <table class="indicators">
                    <thead>
                        <tr>
                            <th scope="col">"STT"</th>
                            <th scope="col">"Nội dung"</th>
                            <th scope="col">"Đơn vị tính"</th>
                            <th scope="col">"Chỉ tiêu"</th>
                            {heads}
                            <th scope="col" class="num">"Thực hiện"</th>
                            <th scope="col" class="num">"% so với chỉ tiêu"</th>
                            <th scope="col">"Đánh giá"</th>
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </div>
    }
}

fn source_text(l: &Loaded, n: &chitieu_core::SourceNote) -> String {
    let doc = l
        .export
        .sources
        .iter()
        .find(|s| s.id == n.doc)
        .map(|s| match &s.number {
            Some(num) => format!("Báo cáo số {num}"),
            None => s.title.clone(),
        })
        .unwrap_or_default();
    let mut parts = vec![doc];
    if let Some(s) = &n.section {
        parts.push(s.clone());
    }
    if let Some(f) = &n.footnote {
        parts.push(format!("chú thích {f}"));
    }
    let mut text = parts.join(", ");
    if let Some(q) = &n.quote {
        text.push_str(&format!(": «{q}»"));
    }
    text
}

fn indicator_row(l: &Loaded, r: &Row, periods: &[String]) -> impl IntoView {
    let ind = r.indicator;
    let e = &r.eval;
    let unit = ind
        .measure
        .as_ref()
        .map(|m| m.unit.clone())
        .unwrap_or_default();
    let cells = periods
        .iter()
        .map(|p| {
            let o = ind.values.iter().find(|o| &o.period == p);
            let text = match o {
                Some(o) => match (o.value, &o.text) {
                    (Some(v), Some(t)) if ind.kind == IndicatorKind::Ranking => {
                        format!("{t} ({})", fmt(v))
                    }
                    (Some(v), _) => fmt(v),
                    (None, Some(t)) => t.clone(),
                    (None, None) => String::new(),
                },
                None => ind
                    .base
                    .iter()
                    .find(|o| &o.period == p)
                    .and_then(|o| o.value)
                    .map(fmt)
                    .unwrap_or_default(),
            };
            let judged = e
                .targets
                .first()
                .and_then(|t| t.periods.iter().find(|c| &c.period == p))
                .map(|c| c.outcome);
            let class = match judged {
                Some(PeriodOutcome::Fail) => "num fail",
                Some(PeriodOutcome::Pending) => "num pending",
                _ => "num",
            };
            let mark = match judged {
                Some(PeriodOutcome::Fail) => " ✗",
                Some(PeriodOutcome::Pending) => " …",
                _ => "",
            };
            view! { <td class=class>{text}{mark}</td> }
        })
        .collect::<Vec<_>>();
    let targets = e
        .targets
        .iter()
        .map(|t| {
            let derived = if t.derived { " (suy ra)" } else { "" };
            let label = if e.targets.len() > 1 {
                format!("{}: ", t.label)
            } else {
                String::new()
            };
            view! { <div title=t.label.clone()>{format!("{label}{}{derived}", fmt(t.value))}</div> }
        })
        .collect::<Vec<_>>();
    let achievements = e
        .targets
        .iter()
        .map(|t| {
            let printed = match (t.reported_achievement_pct, t.achievement_pct) {
                // Shown where the printed figure is not the computed one at its own precision.
                (Some(p), Some(c)) if p != c.round_dp(p.scale()) => Some(
                    view! { <span class="printed">{format!(" (báo cáo ghi {}%)", fmt(p))}</span> },
                ),
                _ => None,
            };
            view! { <div>{t.achievement_pct.map(|p| format!("{}%", fmt(p)))}{printed}</div> }
        })
        .collect::<Vec<_>>();
    let actual = match &e.actual {
        Some(a) if ind.kind == IndicatorKind::Ranking => ind
            .values
            .iter()
            .find_map(|o| o.text.clone())
            .unwrap_or_else(|| fmt(a.value)),
        Some(a) => fmt(a.value),
        None => ind
            .values
            .iter()
            .find_map(|o| o.text.clone())
            .unwrap_or_default(),
    };
    let name = format!(
        "{}{}",
        if r.depth > 0 {
            ind.number
                .as_deref()
                .map(|n| format!("{n} "))
                .unwrap_or_default()
        } else {
            String::new()
        },
        ind.name
    );
    let stt = if r.depth == 0 {
        ind.number.clone().unwrap_or_default()
    } else {
        String::new()
    };
    let note = ind
        .note
        .clone()
        .map(|n| view! { <span class="note">{format!(" · {n}")}</span> });
    view! {
        <tr class=format!("indicator kind-{:?}", ind.kind).to_lowercase() data-id=ind.id.clone()>
            <td>{stt}</td>
            <td class=format!("name depth-{}", r.depth) title=source_text(l, &ind.source)>
                {name}
            </td>
            <td>{unit}</td>
            <td class="num">{targets}</td>
            {cells}
            <td class="num actual">{actual}</td>
            <td class="num">{achievements}</td>
            <td>
                {(!e.targets.is_empty()).then(|| view! { <StatusBadge status=e.status /> })}
                {note}
            </td>
        </tr>
    }
}
