//! Offline and on return (issue 16): after one visit the dashboard and the
//! export it showed open with the server stopped and the network off, with
//! the data's date; a new build is offered with a prompt, never switched to
//! silently.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chitieu_e2e::{dist_dir, Browser};

/// Once the service worker controls the page and has kept `file` (the export shown).
fn kept(file: &str) -> String {
    format!("const done = arguments[arguments.length - 1]; const check = () => {{ if (!navigator.serviceWorker.controller) {{ setTimeout(check, 50); return; }} caches.open('chitieu-data').then(c => c.match(new URL('data/{file}', location.href).href)).then(r => r ? done(true) : setTimeout(check, 50)); }}; check();")
}

/// A copy of the build that a test may change (a new deployment) or lose.
fn copy_of_dist(name: &str) -> PathBuf {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let dest = to.join(p.file_name().unwrap());
            if p.is_dir() {
                copy(&p, &dest);
            } else {
                std::fs::copy(&p, &dest).unwrap();
            }
        }
    }
    let dir = std::env::temp_dir().join(format!("chitieu-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&dist_dir(), &dir);
    dir
}

/// Rewrites the line of `dir/sw.js` that starts with `start` (a new build's
/// VERSION, or a lowered bound), and drops its precompressed copies, which
/// `chitieu serve` would send instead.
fn rewrite_sw(dir: &Path, start: &str, line: &str) {
    let sw = dir.join("sw.js");
    let text = std::fs::read_to_string(&sw).unwrap();
    let old = text
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("sw.js has no line starting with {start}"))
        .to_string();
    std::fs::write(&sw, text.replace(&old, line)).unwrap();
    let _ = std::fs::remove_file(dir.join("sw.js.br"));
    let _ = std::fs::remove_file(dir.join("sw.js.gz"));
}

/// `chitieu serve` over `dir` on a free loopback port, until the sender is used.
async fn serve_until_stopped(dir: &Path) -> (String, tokio::sync::oneshot::Sender<()>) {
    let opts = chitieu::serve::Options {
        dir: dir.to_path_buf(),
        frame_ancestors: vec![],
        data_origins: vec![],
    };
    let app = chitieu::serve::router(&opts).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    (base, stop)
}

/// A new build deployed in `dir`: the same files, another sw.js.
fn new_build(dir: &Path, version: &str) {
    rewrite_sw(
        dir,
        "const VERSION",
        &format!("const VERSION = \"{version}\";"),
    );
}

/// A presenter opens the dashboard once; then the server stops and the
/// network is off: reloading still shows the indicator's chart, with its
/// figures and the date of the data, from the copy the browser kept.
#[tokio::test(flavor = "multi_thread")]
async fn offline_after_one_visit_the_chart_and_the_data_date_open() {
    let dir = copy_of_dist("offline");
    let (base, stop) = serve_until_stopped(&dir).await;
    let url = format!("{base}?dataset=giua-nhiem-ky-2023&indicator=dang-bo-khoi%2Fket-nap");
    let b = Browser::start().await;
    b.watch_first_chart().await;
    b.client.goto(&url).await.unwrap();
    let online = b.first_chart().await;
    b.run_async(&kept("giua-nhiem-ky-2023.json")).await;
    // A repeat visit, online: the page and its files from the kept copy.
    b.client.goto(&url).await.unwrap();
    let repeat = b.first_chart().await;
    // No network at all: the server stopped and the browser offline.
    let _ = stop.send(());
    tokio::time::sleep(Duration::from_millis(300)).await;
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp(
        "Network.emulateNetworkConditions",
        serde_json::json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
    b.client.goto(&url).await.unwrap();
    let offline = b.first_chart().await;
    println!(
        "first chart: first visit {online:.0} ms, repeat {repeat:.0} ms, offline {offline:.0} ms"
    );
    let text = b.text().await;
    let shot = b.screenshot("offline-indicator").await;
    // The data's date, on the overview (one click, no network).
    b.client
        .find(chitieu_e2e::Locator::Css("a.back"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_for(".dataset-view").await;
    let overview = b.text().await;
    b.screenshot("offline-overview").await;
    // The server is really gone: a file the page never asked for is not there.
    let missing = b
        .run_async("const done = arguments[arguments.length - 1]; fetch('data/schema.json').then(r => done('answered ' + r.status), e => done('failed'));")
        .await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        missing.as_str(),
        Some("failed"),
        "the network was still there"
    );
    assert!(
        overview.contains("06/2023"),
        "offline, the overview lacks the data's date:\n{overview}"
    );
    for expected in ["Kết nạp đảng viên", "953", "79,42%"] {
        assert!(
            text.contains(expected),
            "offline, the indicator page lacks \"{expected}\" ({}):\n{text}",
            shot.display()
        );
    }
    assert!(
        !text.contains("Không mở được"),
        "offline, an error is shown:\n{text}"
    );
    // Loose ceilings (the benchmark holds the 100 ms budget of a repeat visit).
    assert!(
        repeat <= 1500.0 && offline <= 1500.0,
        "the kept copy is slow: repeat {repeat:.0} ms, offline {offline:.0} ms"
    );
}

/// A new build deployed while a copy is kept: the next visit shows the kept
/// page at once and offers "Đã có bản mới — tải lại" (English in the English
/// interface); the new build takes over only when asked, and then the
/// prompt is gone.
#[tokio::test(flavor = "multi_thread")]
async fn a_new_build_is_offered_with_a_prompt_never_switched_silently() {
    let dir = copy_of_dist("update");
    let (base, _stop) = serve_until_stopped(&dir).await;
    let url = format!("{base}?dataset=giua-nhiem-ky-2023");
    let b = Browser::start().await;
    b.client.goto(&url).await.unwrap();
    b.wait_for(".dataset-view").await;
    b.run_async(&kept("giua-nhiem-ky-2023.json")).await;
    assert!(!b.has(".update").await, "a prompt on the first visit");
    new_build(&dir, "next-build-1");
    b.client.goto(&url).await.unwrap();
    let prompt = b.wait_for(".update button").await;
    let said = prompt.text().await.unwrap();
    let shot = b.screenshot("offline-new-build-prompt").await;
    assert_eq!(said, "Đã có bản mới — tải lại", "{}", shot.display());
    // The prompt is inside the window and above the page.
    let inside = b
        .client
        .execute("const r = document.querySelector('.update button').getBoundingClientRect(); const top = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return r.right <= innerWidth && r.bottom <= innerHeight && r.width > 0 && !!top && !!top.closest('.update');", vec![])
        .await
        .unwrap();
    assert_eq!(
        inside.as_bool(),
        Some(true),
        "the prompt is hidden or off screen: {}",
        shot.display()
    );
    prompt.click().await.unwrap();
    b.wait_until(
        "the new build in charge",
        "return !!navigator.serviceWorker.controller && !document.querySelector('.update') && !!document.querySelector('.dataset-view')",
    )
    .await;
    let caches = b
        .run_async("const done = arguments[arguments.length - 1]; caches.keys().then(k => done(k.sort().join(' ')));")
        .await;
    assert_eq!(
        caches.as_str(),
        Some("chitieu-app-next-build-1 chitieu-data"),
        "the old build's copy is not replaced"
    );
    // In English, in English.
    new_build(&dir, "next-build-2");
    b.client.goto(&format!("{url}&lang=en")).await.unwrap();
    let prompt = b.wait_for(".update button").await;
    assert_eq!(
        prompt.text().await.unwrap(),
        "New version available — reload"
    );
    // Over a presentation too (the slides cover the page): a presenter
    // sees that a new build is there.
    b.client
        .find(chitieu_e2e::Locator::Css("button.present-start"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.wait_for(".present").await;
    let on_top = "const r = document.querySelector('.update button').getBoundingClientRect(); const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!e && !!e.closest('.update');";
    assert_eq!(
        b.client.execute(on_top, vec![]).await.unwrap().as_bool(),
        Some(true),
        "the prompt is hidden under the slides: {}",
        b.screenshot("offline-prompt-present").await.display()
    );
    // "Later" ("Để sau") takes the prompt away and uncovers the page under
    // it; the new build still waits for the next visit.
    let under = "const r = document.querySelector('.update').getBoundingClientRect(); const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2); return !!e && !e.closest('.update');";
    assert_eq!(
        b.client.execute(under, vec![]).await.unwrap().as_bool(),
        Some(false),
        "the prompt is on top before"
    );
    let later = b
        .client
        .find(chitieu_e2e::Locator::Css(".update button.later"))
        .await
        .unwrap();
    assert_eq!(later.text().await.unwrap(), "Later");
    later.click().await.unwrap();
    b.wait_until(
        "the prompt gone",
        "return !document.querySelector('.update')",
    )
    .await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A small valid export of its own (`id`, shown as `title`): `units` units
/// of 6 indicators over 4 quarters, about 5 KB a unit.
fn export(id: &str, units: usize) -> String {
    chitieu_e2e::large_export(units, 6, 4)
        .replacen("\"id\":\"bench-large\"", &format!("\"id\":\"{id}\""), 1)
        .replacen("Bộ dữ liệu lớn để đo", &format!("Bộ dữ liệu {id}"), 1)
}

/// Shows the export `data/{id}.json` by its address, as a presenter opens
/// it, and waits until the page shows it and the offline copy has it.
async fn show(b: &Browser, base: &str, id: &str) {
    b.client
        .goto(&format!("{base}?data=data%2F{id}.json"))
        .await
        .unwrap();
    b.wait_for(&format!(".dataset-view[data-dataset='{id}']"))
        .await;
    b.run_async(&kept(&format!("{id}.json"))).await;
}

/// The addresses in the offline copy's data cache, relative to the page.
async fn data_cache(b: &Browser) -> Vec<String> {
    let v = b
        .run_async("const done = arguments[arguments.length - 1]; const here = new URL('./', location.href).href; caches.open('chitieu-data').then(c => c.keys()).then(k => done(k.map(r => r.url.replace(here, '')).sort()));")
        .await;
    v.as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect()
}

/// Waits (up to 20 s) until the data cache holds the exports `kept` and
/// none of `gone` (the worker evicts just after keeping the newest), and
/// returns what it holds.
async fn cache_settles(b: &Browser, kept: &[&str], gone: &[&str]) -> Vec<String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        let held = data_cache(b).await;
        let has = |id: &&str| held.contains(&format!("data/{id}.json"));
        let settled = kept.iter().all(has) && !gone.iter().any(has);
        if settled || std::time::Instant::now() > deadline {
            return held;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// With no network at all (the server stopped, the browser offline),
/// `data/{id}.json` opens from the offline copy: its title is on screen.
async fn opens_offline(b: &Browser, base: &str, id: &str, stop: tokio::sync::oneshot::Sender<()>) {
    let _ = stop.send(());
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp(
        "Network.emulateNetworkConditions",
        serde_json::json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
    b.client
        .goto(&format!("{base}?data=data%2F{id}.json"))
        .await
        .unwrap();
    b.wait_for(&format!(".dataset-view[data-dataset='{id}'], .error"))
        .await;
    let text = b.text().await;
    let shot = b.screenshot(&format!("offline-{id}")).await;
    assert!(
        text.contains(&format!("Bộ dữ liệu {id}")) && !text.contains("Không mở được"),
        "offline, the last export shown does not open ({}):\n{text}",
        shot.display()
    );
}

/// A presenter shows ten exports in turn: the offline copy keeps the last
/// eight (sw.js's MAX_EXPORTS), the settings and the index; the two shown
/// first are evicted, and the last one shown opens with no network.
#[tokio::test(flavor = "multi_thread")]
async fn only_the_last_eight_exports_shown_are_kept_offline() {
    let dir = copy_of_dist("evict-count");
    let ids: Vec<String> = (0..10).map(|i| format!("xuat-{i}")).collect();
    for id in &ids {
        std::fs::write(dir.join(format!("data/{id}.json")), export(id, 1)).unwrap();
    }
    let (base, stop) = serve_until_stopped(&dir).await;
    let b = Browser::start().await;
    for id in &ids {
        show(&b, &base, id).await;
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let (gone, last) = ids.split_at(2);
    let held = cache_settles(&b, last, gone).await;
    for id in gone {
        assert!(
            !held.contains(&format!("data/{id}.json")),
            "{id}, among the first shown, is still kept: {held:?}"
        );
    }
    for kept in last
        .iter()
        .map(|id| format!("data/{id}.json"))
        .chain(["data/config.json".into(), "data/index.json".into()])
    {
        assert!(held.contains(&kept), "{kept} is not kept: {held:?}");
    }
    opens_offline(&b, &base, "xuat-9", stop).await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The exports kept are bounded in bytes too (sw.js's MAX_BYTES, lowered
/// here to two and a half exports of `S` bytes), the least recently shown
/// going first: showing one again makes it the most recent. The export on
/// screen stays even when it alone is over the bound, and opens offline.
#[tokio::test(flavor = "multi_thread")]
async fn the_exports_kept_are_bounded_in_bytes_least_recently_shown_first() {
    let dir = copy_of_dist("evict-bytes");
    let units = 8;
    let size = export("mot", units).len();
    rewrite_sw(
        &dir,
        "const MAX_BYTES",
        &format!("const MAX_BYTES = {};", size * 5 / 2),
    );
    // Three of S, a small one, one more of S, and one of 3 S.
    for (id, n) in [
        ("mot", units),
        ("hai", units),
        ("ba", units),
        ("bon", 1),
        ("nam", units),
        ("sau", units * 3),
    ] {
        std::fs::write(dir.join(format!("data/{id}.json")), export(id, n)).unwrap();
    }
    let (base, stop) = serve_until_stopped(&dir).await;
    let b = Browser::start().await;
    for id in ["mot", "hai", "ba", "bon"] {
        show(&b, &base, id).await;
    }
    // 3 S was over the bound: the first shown went.
    let held = cache_settles(&b, &["hai", "ba", "bon"], &["mot"]).await;
    assert_eq!(
        exports_in(&held),
        ["ba", "bon", "hai"],
        "after mot, hai, ba (S each) and bon (small), within 2,5 S"
    );
    // hai again, then nam: ba is now the least recently shown and goes.
    show(&b, &base, "hai").await;
    show(&b, &base, "nam").await;
    let held = cache_settles(&b, &["bon", "hai", "nam"], &["ba"]).await;
    assert_eq!(
        exports_in(&held),
        ["bon", "hai", "nam"],
        "hai was shown again after ba, so ba goes first"
    );
    // sau alone is over the bound: everything else goes, sau stays.
    show(&b, &base, "sau").await;
    let held = cache_settles(&b, &["sau"], &["bon", "hai", "nam"]).await;
    assert_eq!(
        exports_in(&held),
        ["sau"],
        "the export on screen is never evicted"
    );
    opens_offline(&b, &base, "sau", stop).await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The browser's quota for the origin is full (a small disk, other sites):
/// the export just shown was then not kept at all, and opened offline as an
/// error. The least recently shown exports make room for it instead.
#[tokio::test(flavor = "multi_thread")]
async fn when_the_storage_quota_is_full_older_exports_make_room_for_the_one_shown() {
    let dir = copy_of_dist("quota");
    let units = 40;
    let size = export("mot", units).len();
    for id in ["mot", "hai", "ba"] {
        std::fs::write(dir.join(format!("data/{id}.json")), export(id, units)).unwrap();
    }
    let (base, stop) = serve_until_stopped(&dir).await;
    let b = Browser::start().await;
    show(&b, &base, "mot").await;
    cache_settles(&b, &["mot"], &[]).await;
    // Room for one more export of this size, not two (the browser counts
    // more than the bodies: at 1,5 exports of room both older ones went).
    let used = b
        .run_async("const done = arguments[arguments.length - 1]; navigator.storage.estimate().then(e => done(e.usage));")
        .await
        .as_f64()
        .unwrap();
    let origin = base.trim_end_matches('/').to_string();
    b.cdp(
        "Storage.overrideQuotaForOrigin",
        serde_json::json!({ "origin": origin, "quotaSize": used + size as f64 * 1.9 }),
    )
    .await;
    show(&b, &base, "hai").await;
    cache_settles(&b, &["mot", "hai"], &[]).await;
    show(&b, &base, "ba").await;
    let held = cache_settles(&b, &["hai", "ba"], &["mot"]).await;
    assert_eq!(
        exports_in(&held),
        ["ba", "hai"],
        "with the quota full, mot (shown first) made room for ba"
    );
    opens_offline(&b, &base, "ba", stop).await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The exports (the ids of `data/*.json` but the settings and the index) in a cache listing.
fn exports_in(held: &[String]) -> Vec<&str> {
    held.iter()
        .filter_map(|u| u.strip_prefix("data/")?.strip_suffix(".json"))
        .filter(|id| !matches!(*id, "config" | "index"))
        .collect()
}

/// The new-build prompt and the language buttons on screen: whether the
/// prompt is inside the window, whether it overlaps the buttons, its text,
/// role and font size.
const PROMPT_PLACE: &str = "const p = document.querySelector('.update'), r = p.querySelector('button').getBoundingClientRect(), l = document.querySelector('.lang').getBoundingClientRect(); \
    return { inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.width > 0, \
             overlaps: r.left < l.right && l.left < r.right && r.top < l.bottom && l.top < r.bottom, \
             text: p.querySelector('button').textContent, later: p.querySelector('button.later').textContent, role: p.getAttribute('role'), font: parseFloat(getComputedStyle(p.querySelector('button')).fontSize) };";

/// A new build is offered while the interface is Vietnamese; switching to
/// English turns the prompt English, and back: it follows the switch, not
/// the language it appeared in. It is a status (read out by a screen
/// reader), a button with a 3 px focus ring from the keyboard, inside the
/// window and clear of the language buttons on a phone (390 px) and a
/// projector (1920 px).
#[tokio::test(flavor = "multi_thread")]
async fn the_new_build_prompt_follows_a_language_switch_clear_of_the_header() {
    let dir = copy_of_dist("prompt-lang");
    let (base, _stop) = serve_until_stopped(&dir).await;
    let url = format!("{base}?dataset=giua-nhiem-ky-2023");
    let b = Browser::start_with_size(390, 844).await;
    b.client.goto(&url).await.unwrap();
    b.wait_for(".dataset-view").await;
    b.run_async(&kept("giua-nhiem-ky-2023.json")).await;
    new_build(&dir, "next-build-lang");
    b.client.goto(&url).await.unwrap();
    b.wait_for(".update button").await;
    let place = b.client.execute(PROMPT_PLACE, vec![]).await.unwrap();
    let shot = b.screenshot("offline-prompt-phone").await;
    assert_eq!(
        place["text"],
        "Đã có bản mới — tải lại",
        "{}",
        shot.display()
    );
    assert_eq!(place["role"], "status");
    assert_eq!(place["later"], "Để sau");
    let said = |text: &str| {
        format!("return document.querySelector('.update button').textContent === '{text}'")
    };
    for (lang, text) in [
        ("en", "New version available — reload"),
        ("vi", "Đã có bản mới — tải lại"),
    ] {
        b.client
            .find(chitieu_e2e::Locator::Css(&format!(
                ".lang-button[data-lang='{lang}']"
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        b.wait_until(&format!("the prompt to say \"{text}\""), &said(text))
            .await;
    }
    // From the keyboard (a Tab, then the focus moved to the prompt), a ring.
    b.client
        .active_element()
        .await
        .unwrap()
        .send_keys("\u{E004}")
        .await
        .unwrap();
    let ring = b
        .client
        .execute("const p = document.querySelector('.update button'); p.focus(); const s = getComputedStyle(p); return p.matches(':focus-visible') && s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0;", vec![])
        .await
        .unwrap();
    assert!(
        ring.as_f64().unwrap_or(0.0) >= 3.0,
        "no focus ring on the prompt: {ring}"
    );
    for (width, height) in [(390, 844), (1920, 1080)] {
        b.client.set_window_size(width, height).await.unwrap();
        b.wait_until(
            "the window resized",
            &format!("return innerWidth === {width}"),
        )
        .await;
        let place = b.client.execute(PROMPT_PLACE, vec![]).await.unwrap();
        let shot = b.screenshot(&format!("offline-prompt-{width}")).await;
        assert_eq!(place["text"], "Đã có bản mới — tải lại");
        assert_eq!(
            place["inside"],
            true,
            "at {width} px the prompt is off screen: {place} ({})",
            shot.display()
        );
        assert_eq!(
            place["overlaps"],
            false,
            "at {width} px the prompt covers the language buttons: {place} ({})",
            shot.display()
        );
        assert!(
            place["font"].as_f64().unwrap_or(0.0) >= 16.0,
            "at {width} px the prompt's text is small: {place}"
        );
    }
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
