//! The field path (`units[0].sections[1].name`) at a position in JSON text:
//! where a parse error happened, named the way validation problems are.

/// The field path (`units[0].sections[1].name`) at a 1-based line and a
/// byte column of JSON `text`, found by walking its structure up to there.
///
/// serde_json reports where it stopped reading; reading the path this way,
/// instead of tracking it during deserialisation, keeps the fast path fast
/// and the wasm bundle small. A missing field is reported after its object's
/// `}`, so it names the object; an unknown field after its key, so it names
/// the key.
pub(super) fn json_path_at(text: &str, line: usize, column: usize) -> String {
    let bytes = text.as_bytes();
    let end = line_start(bytes, line)
        .saturating_add(column)
        .min(bytes.len());
    let mut stack: Vec<Frame> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < end {
        match bytes.get(i) {
            Some(b'"') => {
                let start = i.saturating_add(1);
                let j = string_end(bytes, start);
                if expect_key {
                    if let Some(Frame::Object(key)) = stack.last_mut() {
                        *key = text.get(start..j.min(bytes.len()));
                    }
                    expect_key = false;
                }
                i = j.saturating_add(1);
                continue;
            }
            Some(b'{') => {
                stack.push(Frame::Object(None));
                expect_key = true;
            }
            Some(b'[') => stack.push(Frame::Array(0)),
            Some(b'}' | b']') => {
                stack.pop();
                expect_key = false;
            }
            Some(b',') => match stack.last_mut() {
                Some(Frame::Object(key)) => {
                    *key = None;
                    expect_key = true;
                }
                Some(Frame::Array(n)) => *n = n.saturating_add(1),
                None => {}
            },
            _ => {}
        }
        i = i.saturating_add(1);
    }
    path_of(&stack)
}

/// An object or array open at the position, with the key or index in it.
enum Frame<'a> {
    Object(Option<&'a str>),
    Array(usize),
}

/// Byte offset of the start of 1-based `line`.
fn line_start(bytes: &[u8], line: usize) -> usize {
    if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .nth(line.saturating_sub(2))
            .map_or(bytes.len(), |(i, _)| i.saturating_add(1))
    }
}

/// Offset of the closing quote of the string whose text starts at `start`
/// (or past the end, for an unterminated string).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut j = start;
    while let Some(&b) = bytes.get(j) {
        match b {
            b'"' => break,
            b'\\' => j = j.saturating_add(2),
            _ => j = j.saturating_add(1),
        }
    }
    j
}

/// `units[0].sections[1].name` from the open frames, outermost first.
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Object(Some(key)) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object(None) => {}
            Frame::Array(n) => {
                path.push('[');
                path.push_str(&n.to_string());
                path.push(']');
            }
        }
    }
    path
}
