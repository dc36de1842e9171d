//! Word reports (`.docx`): the body's paragraphs and tables in order, each
//! paragraph a row of one cell and each table row a row of cells, so the
//! title lines above the appendix and its tables (broken across pages, with
//! the header repeated) read as they read when pasted. A cell merged across
//! columns (`gridSpan`) is its text then empty cells, one per column it
//! covers; a cell merged down (`vMerge`) shows its text once, in its first
//! row: as Word shows them. The zip is held to the workbook's caps before
//! anything is inflated into memory.

use super::read::{caps, inflated_size_within_caps, unreadable};
use super::{fatal, Cell, Grid};
use crate::load::LoadError;
use quick_xml::events::Event;
use std::io::Read;

/// Whether a zip holds a Word document (rather than a workbook).
pub(super) fn is_docx(bytes: &[u8]) -> bool {
    zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .is_ok_and(|z| z.index_for_name("word/document.xml").is_some())
}

/// The grid of a Word document's body.
pub(super) fn grid(file: &str, bytes: &[u8]) -> Result<Grid, LoadError> {
    inflated_size_within_caps(file, bytes, not_a_document)?;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| not_a_document(file))?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|_| not_a_document(file))?
        .take(caps::ENTRY_BYTES)
        .read_to_end(&mut xml)
        .map_err(|e| unreadable(file, &e))?;
    let mut body = Body::default();
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| unreadable(file, &e))?;
        match event {
            Event::Start(e) => body.start(e.local_name().as_ref(), &e),
            Event::Empty(e) => {
                body.start(e.local_name().as_ref(), &e);
                body.end(e.local_name().as_ref());
            }
            Event::End(e) => body.end(e.local_name().as_ref()),
            Event::Text(t) if body.in_text => body.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if body.in_text => {
                if let Some(s) = quick_xml::escape::resolve_xml_entity(&r) {
                    body.text.push_str(s);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    body.text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if body.rows.len() > caps::ROWS as usize || body.cells > caps::CELLS {
            return Err(too_large(file));
        }
    }
    Ok(Grid {
        rows: body
            .rows
            .into_iter()
            .enumerate()
            .map(|(i, r)| (i.saturating_add(1), r))
            .collect(),
        first_column: 1,
    })
}

/// The body read so far: rows, and the row, cell and text being read.
#[derive(Default)]
struct Body {
    rows: Vec<Vec<Cell>>,
    cells: usize,
    /// Tables open: a table inside a cell is read as that cell's text.
    tables: usize,
    row: Vec<Cell>,
    /// Columns the cell being read covers (`gridSpan`).
    span: usize,
    /// The text of the paragraph or cell being read.
    text: String,
    in_text: bool,
}

impl Body {
    fn start(&mut self, name: &str, e: &quick_xml::events::BytesStart) {
        match name {
            "tbl" => self.tables = self.tables.saturating_add(1),
            "tc" if self.tables == 1 => {
                self.text.clear();
                self.span = 1;
            }
            "gridSpan" if self.tables == 1 => {
                let n = e
                    .try_get_attribute("w:val")
                    .ok()
                    .flatten()
                    .and_then(|a| a.value.parse::<usize>().ok());
                self.span = n.unwrap_or(1).clamp(1, caps::COLUMNS as usize);
            }
            "t" => self.in_text = true,
            "tab" | "br" | "cr" if !self.in_text => self.text.push(' '),
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "t" => self.in_text = false,
            "p" if self.tables == 0 => {
                let t = std::mem::take(&mut self.text);
                self.push_row(vec![cell(&t)]);
            }
            // Paragraphs within a cell are one text, a space apart.
            "p" if !self.text.ends_with(' ') && !self.text.is_empty() => self.text.push(' '),
            "tc" if self.tables == 1 => {
                let t = std::mem::take(&mut self.text);
                if self.row.len() < caps::COLUMNS as usize {
                    self.row.push(cell(&t));
                    for _ in 1..self.span {
                        self.row.push(Cell::Empty);
                    }
                }
            }
            "tr" if self.tables == 1 => {
                let row = std::mem::take(&mut self.row);
                self.push_row(row);
            }
            "tbl" => self.tables = self.tables.saturating_sub(1),
            _ => {}
        }
    }

    fn push_row(&mut self, row: Vec<Cell>) {
        self.cells = self.cells.saturating_add(row.len());
        self.rows.push(row);
    }
}

fn cell(text: &str) -> Cell {
    let t = text.trim();
    if t.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(t.replace(char::is_control, " "))
    }
}

fn not_a_document(file: &str) -> LoadError {
    fatal(
        file,
        0,
        0,
        "tệp này không phải văn bản Word (.docx): hãy mở bằng Word rồi lưu lại dạng \
         \"Word Document (.docx)\""
            .into(),
        "this is not a Word document (.docx): open it in Word and save it as \
         \"Word Document (.docx)\""
            .into(),
    )
}

fn too_large(file: &str) -> LoadError {
    fatal(
        file,
        0,
        0,
        "văn bản Word quá lớn để là một bảng chỉ tiêu (quá nhiều dòng hoặc ô): hãy chép riêng bảng phụ lục sang một văn bản mới".into(),
        "the Word document is too large to be an indicator table (too many rows or cells): copy the appendix table alone to a new document".into(),
    )
}
