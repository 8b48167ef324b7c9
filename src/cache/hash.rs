//! Fingerprints: a value's serde form fed straight into a fast hash, with
//! no JSON in between (formatting and escaping every page's context was
//! most of what telling which pages changed cost).

use std::hash::Hasher;

use serde::ser::{self, Serialize};
use xxhash_rust::xxh3::Xxh3;

/// A streaming hash of bytes and values; the same input gives the same
/// fingerprint in every run of the same binary (the cache is keyed by it).
///
/// Small writes (a length, a tag, a number: most of a page's) gather in a
/// buffer of its own and go to the hash a few hundred bytes at a time:
/// handed to it one by one, each was a call and a copy, a tenth of a
/// one-edit rebuild at 10,000 articles.
#[derive(Clone)]
pub struct Fingerprint {
    hash: Xxh3,
    pending: [u8; PENDING],
    len: usize,
}

const PENDING: usize = 256;

impl Default for Fingerprint {
    fn default() -> Fingerprint {
        Fingerprint { hash: Xxh3::new(), pending: [0; PENDING], len: 0 }
    }
}

impl Fingerprint {
    pub fn new() -> Fingerprint {
        Fingerprint::default()
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.put(&(bytes.len() as u64).to_le_bytes());
        self.put(bytes);
    }

    pub fn u64(&mut self, n: u64) {
        self.put(&n.to_le_bytes());
    }

    /// Adds `value` as serde sees it: every field, in order, with the
    /// lengths of strings and lists, so that no two values run together.
    /// `false` when the value cannot be serialised (a custom `Serialize`
    /// that fails); the fingerprint then tells nothing.
    pub fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> bool {
        value.serialize(&mut *self).is_ok()
    }

    /// A point in time: its instant, its offset and whether a time was
    /// given (what serde would write, without formatting a date).
    pub fn stamp(&mut self, stamp: Option<&crate::model::Stamp>) {
        let Some(s) = stamp else { return self.tag(0) };
        self.tag(1);
        self.u64(s.at.timestamp() as u64);
        self.u64(u64::from(s.at.timestamp_subsec_nanos()));
        self.u64(s.at.offset().local_minus_utc() as u64);
        self.tag(u8::from(s.has_time));
    }

    pub fn finish(&self) -> u64 {
        self.all().digest()
    }

    pub fn finish128(&self) -> u128 {
        self.all().digest128()
    }

    fn tag(&mut self, tag: u8) {
        self.put(&[tag]);
    }

    /// The same bytes reach the hash, in the same order, as if each were
    /// handed to it at once.
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end <= PENDING {
            self.pending[self.len..end].copy_from_slice(bytes);
            self.len = end;
            return;
        }
        self.hash.update(&self.pending[..self.len]);
        self.len = 0;
        if bytes.len() < PENDING {
            self.pending[..bytes.len()].copy_from_slice(bytes);
            self.len = bytes.len();
        } else {
            self.hash.update(bytes);
        }
    }

    /// The hash with what is pending.
    fn all(&self) -> Xxh3 {
        let mut hash = self.hash.clone();
        hash.update(&self.pending[..self.len]);
        hash
    }
}

impl Hasher for Fingerprint {
    fn write(&mut self, bytes: &[u8]) {
        self.put(bytes);
    }
    fn finish(&self) -> u64 {
        self.all().digest()
    }
}

/// The fingerprint of bytes (a file's content).
pub(crate) fn of_bytes(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

#[derive(Debug)]
pub struct Unhashable;

impl std::fmt::Display for Unhashable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("value cannot be fingerprinted")
    }
}

impl std::error::Error for Unhashable {}

impl ser::Error for Unhashable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unhashable
    }
}

type R = Result<(), Unhashable>;

impl ser::Serializer for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    fn serialize_bool(self, v: bool) -> R {
        self.tag(u8::from(v));
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> R {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> R {
        self.u64(v as u64);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> R {
        self.u64(v);
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> R {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> R {
        self.u64(v.to_bits());
        Ok(())
    }
    fn serialize_char(self, v: char) -> R {
        self.serialize_u64(v.into())
    }
    fn serialize_str(self, v: &str) -> R {
        self.bytes(v.as_bytes());
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        self.bytes(v);
        Ok(())
    }
    fn serialize_none(self) -> R {
        self.tag(0);
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> R {
        self.tag(1);
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, index: u32, _: &'static str) -> R {
        self.serialize_u64(index.into())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        value: &T,
    ) -> R {
        self.u64(index.into());
        value.serialize(self)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self, Unhashable> {
        // A list of unknown length is closed by a tag instead.
        self.u64(len.map_or(u64::MAX, |n| n as u64));
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Unhashable> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Unhashable> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Unhashable> {
        self.u64(index.into());
        Ok(self)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Self, Unhashable> {
        self.serialize_seq(len)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unhashable> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        index: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self, Unhashable> {
        self.u64(index.into());
        Ok(self)
    }
}

impl ser::SerializeSeq for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.tag(0xff);
        Ok(())
    }
}

impl ser::SerializeTuple for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeMap for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> R {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn end(self) -> R {
        self.tag(0xff);
        Ok(())
    }
}

impl ser::SerializeStruct for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _: &'static str) -> R {
        // A field left out is not the same as one present.
        self.tag(0xfe);
        Ok(())
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStructVariant for &mut Fingerprint {
    type Ok = ();
    type Error = Unhashable;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, _: &'static str, value: &T) -> R {
        value.serialize(&mut **self)
    }
    fn skip_field(&mut self, _: &'static str) -> R {
        self.tag(0xfe);
        Ok(())
    }
    fn end(self) -> R {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print<T: Serialize>(v: &T) -> u64 {
        let mut f = Fingerprint::new();
        assert!(f.value(v));
        f.finish()
    }

    #[test]
    fn values_that_differ_anywhere_print_differently() {
        assert_eq!(print(&("a", vec![1, 2])), print(&("a", vec![1, 2])));
        // Strings do not run together, lists and options are told apart.
        assert_ne!(print(&("ab", "c")), print(&("a", "bc")));
        assert_ne!(print(&(vec![1], vec![2, 3])), print(&(vec![1, 2], vec![3])));
        assert_ne!(print(&Some(0u64)), print(&None::<u64>));
        assert_ne!(print(&vec![""; 2]), print(&vec![""; 3]));
    }

    #[test]
    fn writes_gathered_hash_as_the_bytes_handed_over_at_once() {
        // Pieces of every size around the buffer's, in a running order.
        let sizes = [0, 1, 7, 8, 255, 256, 257, 3, 600, 1, 254, 2, 1000];
        let (mut f, mut streamed, mut all) = (Fingerprint::new(), Xxh3::new(), Vec::new());
        for (i, &n) in sizes.iter().enumerate() {
            let piece: Vec<u8> = (0..n).map(|j| (i * 31 + j) as u8).collect();
            f.write(&piece);
            streamed.update(&piece);
            all.extend_from_slice(&piece);
            assert_eq!(f.finish128(), streamed.digest128(), "after {} pieces", i + 1);
        }
        assert_eq!(f.finish128(), xxhash_rust::xxh3::xxh3_128(&all));
    }
}
