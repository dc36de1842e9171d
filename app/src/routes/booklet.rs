//! The conference booklet: the presentation's deck on A4 landscape paper, a
//! cover (organisation, period, how many indicators have each status) and
//! then each indicator's own page, one sheet each as the print stylesheet
//! lays it out. Page numbers come from the stylesheet's `@page` footer.

use std::sync::Arc;

use chitieu_charts::spec::chart_for;
use chitieu_core::compute::Status;
use chitieu_core::evaluate::{evaluate_all, Row};
use chitieu_core::load::Loaded;
use chitieu_core::text::Lang;
use chitieu_format::model::IndicatorKind;
use leptos::prelude::*;

use crate::routes::indicator::IndicatorPage;
use crate::state::state;
use crate::widgets::{BackLink, PrintDate, PRINT};

/// The deck's indicators in its order (every charted one without a deck),
/// from `all`, the export's evaluated rows.
fn booklet_rows<'a>(
    l: &'a Loaded,
    all: &[Row<'a>],
    deck: &Option<Vec<String>>,
    lang: Lang,
) -> Vec<Row<'a>> {
    let charted: Vec<Row<'a>> = all
        .iter()
        .filter(|r| chart_for(l, r, lang).is_some())
        .cloned()
        .collect();
    let Some(keys) = deck else {
        return charted;
    };
    keys.iter()
        .filter_map(|k| {
            charted
                .iter()
                .find(|r| k.split_once('/') == Some((r.unit.id.as_str(), r.indicator.id.as_str())))
                .cloned()
        })
        .collect()
}

/// "4 trong 47 chỉ tiêu của báo cáo: ▲ Vượt chỉ tiêu 1; → Đúng tiến độ 1;
/// …", the cover's counts (a "·" between them read "· · Không có chỉ tiêu
/// 1", that status's icon being a dot), of the `total` indicators the
/// overview counts: the booklet holds the deck's charted indicators, and its
/// "Không có chỉ tiêu 17" beside the overview's 22 looked like a miscount.
fn counts(statuses: &[Status], total: usize, lang: Lang) -> String {
    let parts: Vec<String> = Status::ALL
        .iter()
        .map(|s| (s, statuses.iter().filter(|x| *x == s).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{} {} {n}", s.icon(), s.label(lang)))
        .collect();
    let n = statuses.len();
    let what = if n == total {
        format!("{n} {}", lang.pick("chỉ tiêu", "indicators"))
    } else {
        lang.pick(
            format!("{n} trong {total} chỉ tiêu của báo cáo"),
            format!("{n} of the report's {total} indicators"),
        )
    };
    format!("{what}: {}", parts.join("; "))
}

/// The deck printed: a cover, then a page per indicator.
#[component]
pub fn Booklet(
    /// The loaded export.
    loaded: Arc<Loaded>,
) -> impl IntoView {
    let state = state();
    let lang = state.lang.get_untracked();
    let all = evaluate_all(&loaded);
    let rows = booklet_rows(&loaded, &all, &state.route.get_untracked().deck, lang);
    let statuses: Vec<Status> = rows.iter().map(|r| r.eval.status).collect();
    // As the overview counts them: every indicator but a group.
    let total = all
        .iter()
        .filter(|r| r.indicator.kind != IndicatorKind::Group)
        .count();
    let d = &loaded.export.dataset;
    let period = format!(
        "{} {:02}/{}",
        lang.pick("Số liệu đến tháng", "Figures as of"),
        d.as_of.month,
        d.as_of.year
    );
    let pages = rows
        .iter()
        .map(|r| view! { <IndicatorPage loaded=loaded.clone() unit=r.unit.id.clone() id=r.indicator.id.clone() /> })
        .collect::<Vec<_>>();
    view! {
        <div class="booklet">
            // On screen only (the print stylesheet hides both): the way back and the print dialog.
            <div class="page-actions">
                <BackLink />
                " "
                <button class="print" on:click=PRINT>{lang.pick("In tập tài liệu", "Print the booklet")}</button>
            </div>
            <section class="booklet-page cover">
                <p>{d.organisation.clone()}</p>
                <h2>{d.title.clone()}</h2>
                <p>{period}</p>
                <p>{counts(&statuses, total, lang)}</p>
                <PrintDate />
            </section>
            {pages}
        </div>
    }
}
