// talc instead of Rust's default dlmalloc for the page: reading a large
// export allocates some 30.000 times in a cold tab, where dlmalloc's large
// `malloc` ran unoptimised for most of the reading (half its time, in the
// profile); talc's is smaller and faster. It takes memory from the browser
// in steps of at least a quarter of what the page has (see `Steps`).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::cell::TalcSyncCell<Steps, talc::wasm::WasmBinning> =
    talc::cell::TalcSyncCell::new_wasm(Steps { end: None });

fn main() {
    chitieu_app::api::mark("chitieu:start");
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(chitieu_app::App);
}

/// Where the page's memory comes from: talc's `WasmGrowAndExtend`, but
/// growing the wasm memory by at least 1 MiB and a quarter of its size at a
/// time, not by just what one allocation needs. Each growth costs the
/// browser some 0.2 ms: reading the 2 MB export grew the memory 105 times.
/// Pages grown but not yet used cost no memory until they are written.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[derive(Debug)]
struct Steps {
    /// The end of the heap, when the last growth extended it.
    end: Option<core::ptr::NonNull<u8>>,
}

// SAFETY: `acquire` only grows the wasm memory and hands talc the new pages
// (extending its heap when they follow it), as talc's `WasmGrowAndExtend`
// does; it never allocates.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
unsafe impl talc::source::Source for Steps {
    fn acquire<B: talc::base::binning::Binning>(
        talc: &mut talc::base::Talc<Self, B>,
        layout: core::alloc::Layout,
    ) -> Result<(), ()> {
        use core::arch::wasm32::{memory_grow, memory_size};
        const PAGE: usize = 64 * 1024;
        // The allocation, its alignment and talc's bookkeeping, in pages.
        let needed = layout
            .size()
            .saturating_add(layout.align())
            .saturating_add(4 * talc::base::CHUNK_UNIT)
            .div_ceil(PAGE);
        let step = needed.max(16).max(memory_size::<0>() / 4);
        let (pages, before) = match memory_grow::<0>(step) {
            usize::MAX => (needed, memory_grow::<0>(needed)),
            before => (step, before),
        };
        if before == usize::MAX {
            return Err(());
        }
        let base = before.saturating_mul(PAGE) as *mut u8;
        let bytes = pages.saturating_mul(PAGE);
        let end = (base as usize).saturating_add(bytes) as *mut u8;
        if let Some(old_end) = talc.source.end.take() {
            if old_end.as_ptr() == base {
                // SAFETY: the new pages follow the heap that ends at `old_end`.
                talc.source.end = Some(unsafe { talc.extend(old_end, end) });
                return Ok(());
            }
        }
        // SAFETY: the pages were just grown: no one else uses them.
        talc.source.end = unsafe { talc.claim(base, bytes) };
        Ok(())
    }
}
