//! Importing a table in the real browser: the paste box, the preview with its
//! changeable inferences, and opening the table. Screenshots go to tests/artifacts/.

use chitieu_e2e::*;

/// The contrast ratio (WCAG) of an element's text against the first
/// opaque background behind it, from the computed styles.
const CONTRAST: &str = r#"
const lum = (c) => {
  const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const el = document.querySelector(arguments[0]);
let bg = null;
for (let e = el; e; e = e.parentElement) {
  const c = getComputedStyle(e).backgroundColor;
  const a = c.match(/[\d.]+/g);
  if (a && (a.length < 4 || Number(a[3]) > 0.99)) { bg = c; break; }
}
bg = bg || 'rgb(255, 255, 255)';
const [l1, l2] = [lum(getComputedStyle(el).color), lum(bg)].sort((x, y) => y - x);
return (l1 + 0.05) / (l2 + 0.05);
"#;

async fn click(b: &Browser, css: &str) {
    b.wait_for(css).await.click().await.unwrap();
}

async fn paste(b: &Browser, text: &str) {
    b.client
        .execute(
            "const t = document.querySelector('textarea.paste-input'); t.value = arguments[0]; t.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![serde_json::Value::String(text.to_string())],
        )
        .await
        .unwrap();
}

/// A click at (x, y) in the viewport, wherever it lands (on the dialog's backdrop).
async fn click_at(b: &Browser, x: i64, y: i64) {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
    let click = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveTo {
            duration: None,
            x,
            y,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    b.client.perform_actions(click).await.unwrap();
    b.client.release_actions().await.unwrap();
}

async fn gone(b: &Browser, what: &str, css: &str) {
    b.wait_until(what, &format!("return !document.querySelector(\"{css}\")"))
        .await;
}

/// Opens the mid-term sample and pastes the appendix for a preview.
async fn appendix_pasted(b: &Browser, base: &str) {
    b.open(base, "?dataset=giua-nhiem-ky-2023").await;
    click(b, "button.paste-toggle").await;
    b.wait_for("dialog.paste-box[open] textarea.paste-input")
        .await;
    paste(b, APPENDIX_TSV).await;
    click(b, "button.paste-import").await;
}

/// Checks that the preview has replaced nothing yet, opens the pasted
/// table and gives the page's text.
async fn opened_after_preview(b: &Browser) -> String {
    assert!(
        b.has(".dataset-view[data-dataset='giua-nhiem-ky-2023']")
            .await,
        "nothing replaces the view before the table is opened"
    );
    click(b, "button.import-open").await;
    b.wait_for(".dataset-view[data-dataset='bang-dan']").await;
    b.text().await
}

/// The paste box's instructions are legible (contrast ratio at least 4,5:1),
/// the text area has the focus, the box lies on screen, and Esc, the close
/// button, a click outside and asking for the preview each close it.
#[tokio::test(flavor = "multi_thread")]
async fn the_paste_box_is_legible_focused_and_closes_on_esc_outside_click_and_preview() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    b.open(&server.base, "?dataset=giua-nhiem-ky-2023").await;
    click(&b, "button.paste-toggle").await;
    b.wait_for("dialog.paste-box[open] textarea.paste-input")
        .await;
    b.wait_until(
        "focus in the text area",
        "return document.activeElement === document.querySelector('textarea.paste-input')",
    )
    .await;
    let ratio = b
        .client
        .execute(CONTRAST, vec![serde_json::json!("#paste-label")])
        .await
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(ratio >= 4.5, "the instructions' contrast is {ratio:.2}");
    let label = b.wait_for("#paste-label").await.text().await.unwrap();
    assert!(label.contains("Dán bảng phụ lục"), "{label}");
    let fits = b
        .client
        .execute(
            "const r = document.querySelector('.paste-box').getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom, innerWidth, innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    let f: Vec<f64> = fits
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        f[0] >= 0.0 && f[1] >= 0.0 && f[2] <= f[4] && f[3] <= f[5],
        "the box lies off screen: {f:?}"
    );
    b.screenshot("paste-box-open").await;
    // Esc, from the text area.
    b.wait_for("textarea.paste-input")
        .await
        .send_keys("\u{E00C}")
        .await
        .unwrap();
    gone(&b, "closed on Esc", "dialog.paste-box[open]").await;
    // The close button.
    click(&b, "button.paste-toggle").await;
    click(&b, "button.paste-close").await;
    gone(&b, "closed by its button", "dialog.paste-box[open]").await;
    // A click outside.
    click(&b, "button.paste-toggle").await;
    b.wait_for("dialog.paste-box[open]").await;
    click_at(&b, 5, 600).await;
    gone(&b, "closed by a click outside", "dialog.paste-box[open]").await;
    // Asking for the preview closes it; opening the table keeps it closed.
    click(&b, "button.paste-toggle").await;
    b.wait_for("dialog.paste-box[open] textarea.paste-input")
        .await;
    paste(&b, APPENDIX_TSV).await;
    click(&b, "button.paste-import").await;
    b.wait_for(".import-preview").await;
    assert!(
        !b.has("dialog.paste-box[open]").await,
        "the box stays over the preview"
    );
    click(&b, "button.import-open").await;
    gone(&b, "preview closed", ".import-preview").await;
    assert!(
        !b.has("dialog.paste-box[open]").await,
        "the box came back after opening"
    );
    b.close().await;
}

/// The preview says how each row's actual is made, in words at its cell
/// (members are a level: their latest figure, not the sum of the years),
/// with no two columns under the same heading, before anything replaces the view.
#[tokio::test(flavor = "multi_thread")]
async fn the_preview_says_each_row_s_inference_in_words_before_the_table_replaces_the_view() {
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    appendix_pasted(&b, &server.base).await;
    let preview = b.wait_for(".import-preview").await.text().await.unwrap();
    assert!(
        preview.contains("bảng dán") && !preview.contains("bảng dán.txt"),
        "{preview}"
    );
    // No two columns of the sample share a heading.
    let heads = b
        .client
        .execute(
            "return [...document.querySelectorAll('.import-sample th')].map(t => t.textContent)",
            vec![],
        )
        .await
        .unwrap();
    let heads: Vec<String> = heads
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    let mut unique = heads.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), heads.len(), "{heads:?}");
    let members = b
        .client
        .execute(
            "return [...document.querySelectorAll('.import-sample tr')].filter(r => r.cells[0] && r.cells[0].textContent === 'Tổng số đảng viên').map(r => r.cells[3].textContent)[0] || ''",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        members, "7.571",
        "members are a level: the latest figure, not 22.495"
    );
    let notes = b.wait_for(".import-unread").await.text().await.unwrap();
    assert!(
        notes.contains("B28") && notes.contains("số tại một thời điểm: lấy số cuối kỳ"),
        "{notes}"
    );
    assert!(notes.contains("số phát sinh: cộng dồn các năm"), "{notes}");
    assert!(!notes.contains('`') && !notes.contains("units["), "{notes}");
    b.screenshot("import-preview-inferences").await;
    let page = opened_after_preview(&b).await;
    assert!(
        page.contains("7.571") && !page.contains("22.495"),
        "the latest figure is shown"
    );
    b.close().await;
}

/// In the preview, a row's inferred meaning and the unit's name can be
/// changed: members added up instead of their latest figure (22.495, the
/// note saying it was chosen), the name typed in; the preview is made again
/// and the view is replaced only when the table is opened, with the choices.
#[tokio::test(flavor = "multi_thread")]
async fn the_preview_s_inferences_and_unit_name_can_be_changed_before_the_table_replaces_the_view()
{
    let server = serve(dist_dir(), "/");
    let b = Browser::start().await;
    appendix_pasted(&b, &server.base).await;
    b.wait_for(".import-preview").await;
    let actual_is = |name: &str, figure: &str| {
        format!(
            "return [...document.querySelectorAll('.import-sample tr')].some(r => r.cells[0] && r.cells[0].textContent === '{name}' && r.cells[3].textContent === '{figure}')"
        )
    };
    b.wait_until(
        "members at their latest figure",
        &actual_is("Tổng số đảng viên", "7.571"),
    )
    .await;
    let select = "select[aria-label='Cách tính dòng 28']";
    let chosen = b
        .client
        .execute(
            &format!("const s = document.querySelector(\"{select}\"); return s.options[s.selectedIndex].text"),
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(chosen, "số tại một thời điểm: lấy số cuối kỳ");
    // Changed to "added up": the preview is made again with the sum.
    b.wait_for(select).await.select_by_index(1).await.unwrap();
    b.wait_until(
        "the preview made again with the sum",
        &actual_is("Tổng số đảng viên", "22.495"),
    )
    .await;
    let notes = b.wait_for(".import-unread").await.text().await.unwrap();
    assert!(
        notes.contains("số phát sinh: cộng dồn các năm (theo lựa chọn của người nhập)"),
        "{notes}"
    );
    // The unit's name, typed in the preview, kept with the earlier choice.
    let unit = "Đảng bộ Khối các Cơ quan – Doanh nghiệp tỉnh";
    let name = b.wait_for("input.import-unit-name").await;
    name.clear().await.unwrap();
    name.send_keys(unit).await.unwrap();
    click(&b, "h2#import-title").await;
    b.wait_until(
        "the unit's name taken and the sum kept",
        &format!(
            "const i = document.querySelector('input.import-unit-name'); return !!i && i.value === '{unit}' && ({})",
            actual_is("Tổng số đảng viên", "22.495").trim_start_matches("return ")
        ),
    )
    .await;
    assert!(
        !b.has(".error").await,
        "emptying the name before typing one is not an error"
    );
    b.screenshot("import-preview-changed").await;
    let page = opened_after_preview(&b).await;
    assert!(page.contains("22.495"), "the chosen sum is shown");
    assert!(page.contains(unit), "the typed unit's name is shown");
    b.close().await;
}
