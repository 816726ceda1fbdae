//! Bytes to text: gzip by magic number, BOMs, UTF-16, binary detection, lossy UTF-8.

use std::io::{self, BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

/// Wraps `inner` in a gzip decoder when its first bytes are the gzip magic number.
/// Returns the reader and whether it was compressed.
pub fn maybe_gunzip<R: Read + Send + 'static>(inner: R) -> io::Result<(Box<dyn BufRead + Send>, bool)> {
    let mut buffered = BufReader::with_capacity(256 * 1024, inner);
    let head = buffered.fill_buf()?;
    if head.len() >= 2 && head[0] == 0x1f && head[1] == 0x8b {
        Ok((Box::new(BufReader::with_capacity(256 * 1024, MultiGzDecoder::new(buffered))), true))
    } else {
        Ok((Box::new(buffered), false))
    }
}

/// Text decoded from bytes, with what had to be repaired.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Decodes a whole record. Errors (binary data) are the reason the record failed.
pub fn decode_text(mut bytes: Vec<u8>) -> Result<Decoded, String> {
    let mut warnings = Vec::new();
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Ok(Decoded { text: decode_utf16(&bytes), warnings: vec!["decoded from UTF-16".into()] });
    }
    if let Some(reason) = looks_binary(&bytes) {
        return Err(reason);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
            let bad = text.matches('\u{FFFD}').count();
            warnings.push(format!("invalid UTF-8 at byte {at}: {bad} invalid sequence(s) replaced with U+FFFD"));
            text
        }
    };
    Ok(Decoded { text, warnings })
}

fn decode_utf16(bytes: &[u8]) -> String {
    let little = bytes[0] == 0xFF;
    let units = bytes[2..].chunks_exact(2).map(|p| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
    char::decode_utf16(units).map(|r| r.unwrap_or('\u{FFFD}')).collect()
}

/// A reason when the bytes are not text: a NUL byte, or mostly control bytes.
pub fn looks_binary(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(pos) = head.iter().position(|&b| b == 0) {
        return Some(format!("binary file (NUL byte at offset {pos}), not text"));
    }
    let control = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    if !head.is_empty() && control * 10 > head.len() {
        return Some(format!("binary file ({control} control bytes in the first {} bytes), not text", head.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_utf8_is_flagged() {
        let d = decode_text(b"Caf\xe9 au lait".to_vec()).unwrap();
        assert_eq!(d.text, "Caf\u{FFFD} au lait");
        assert!(d.warnings[0].contains("byte 3"));
    }

    #[test]
    fn bom_and_utf16() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFhi".to_vec()).unwrap().text, "hi");
        assert_eq!(decode_text(vec![0xFF, 0xFE, b'h', 0, b'i', 0]).unwrap().text, "hi");
    }

    #[test]
    fn binary_is_rejected() {
        assert!(decode_text(vec![0x89, b'P', b'N', b'G', 0, 0, 1]).unwrap_err().contains("NUL byte at offset 4"));
    }

    #[test]
    fn gzip_is_detected() {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(b"hello").unwrap();
        let gz = enc.finish().unwrap();
        let (mut r, compressed) = maybe_gunzip(io::Cursor::new(gz)).unwrap();
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert!(compressed);
        assert_eq!(s, "hello");
    }
}
