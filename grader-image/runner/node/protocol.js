'use strict';
// The wire between the hidden tests' process (tests.js) and the learner's (learner.js):
// frames of JSON (a 4-byte big-endian length, then UTF-8) over two blocking pipes, read
// and written synchronously, so that a call of the learner's function is an ordinary
// synchronous call on the tests' side.
//
// Values are tagged JSON (see learner.js for what the learner's side sends, tests.js for
// what the tests' side accepts): numbers, strings, booleans and null are themselves;
// everything else is an object with a tag `t`:
//
//   u  undefined            n  {v: "NaN" | "Infinity" | "-Infinity" | "-0"}
//   b  bigint {v}           y  symbol: {v: a well-known symbol's name} or {d: description}
//   a  array {v: [...]}     o  plain object {v: [[key, value], ...], z: null prototype}
//   m  Map {v: [[k, v]]}    S  Set {v: [...]}
//   d  Date {v: time}       r  RegExp {source, flags}
//   e  error {c: its class, name, message, p: [[key, value]] own enumerable properties}
//   x  a thrown value that is not an error {v}
//   B  a builtin class or function by name {v}
//   f  one of the learner's functions or classes {id, name, length, k: is a class,
//      s: its superclass}
//   h  one of the learner's other objects {id, c: its class}
//   p  one of the learner's promises {id}
//   cb one of the tests' functions {id, name, length}

const fs = require('fs');

// A frame bigger than this is a runaway value, not a plausible answer.
const FRAME_LIMIT = 8 * 1024 * 1024;

// The symbols a value's key or a tag `y` may name, by their names.
const WELL_KNOWN = new Map(
  ['asyncIterator', 'hasInstance', 'isConcatSpreadable', 'iterator', 'match', 'matchAll',
    'replace', 'search', 'species', 'split', 'toPrimitive', 'toStringTag', 'unscopables']
    .map((name) => [name, Symbol[name]]));
const WELL_KNOWN_NAMES = new Map([...WELL_KNOWN].map(([name, symbol]) => [symbol, name]));

// Builtin classes and functions either side may name instead of sending (tag B).
const BUILTINS = new Map(
  ['Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'BigInt', 'Date',
    'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Promise', 'Error', 'TypeError',
    'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError', 'AggregateError',
    'Math', 'JSON', 'parseInt', 'parseFloat', 'isNaN', 'isFinite']
    .map((name) => [name, globalThis[name]]));
const BUILTIN_NAMES = new Map([...BUILTINS].map(([name, value]) => [value, name]));

// The other side closed its end of the wire (it exited or was stopped).
class Gone extends Error {}

// The other side sent something that is not a message of this protocol.
class Broken extends Error {}

class Channel {
  constructor(readFd, writeFd) {
    this.readFd = readFd;
    this.writeFd = writeFd;
  }

  send(message) {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    const frame = Buffer.allocUnsafe(4 + body.length);
    frame.writeUInt32BE(body.length, 0);
    body.copy(frame, 4);
    let offset = 0;
    while (offset < frame.length) {
      try {
        offset += fs.writeSync(this.writeFd, frame, offset, frame.length - offset);
      } catch (error) {
        if (error.code === 'EAGAIN') {
          pause();
          continue;
        }
        if (error.code === 'EPIPE') throw new Gone('the other side closed the connection');
        throw error;
      }
    }
  }

  receive() {
    const length = this.readExactly(4).readUInt32BE(0);
    if (length > FRAME_LIMIT) throw new Broken('a message is too large');
    const body = this.readExactly(length);
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw new Broken('a message is not JSON');
    }
  }

  readExactly(count) {
    const buffer = Buffer.allocUnsafe(count);
    let offset = 0;
    while (offset < count) {
      let read;
      try {
        read = fs.readSync(this.readFd, buffer, offset, count - offset, null);
      } catch (error) {
        if (error.code === 'EAGAIN') {
          pause();
          continue;
        }
        if (error.code === 'EOF') read = 0;
        else throw error;
      }
      if (read === 0) throw new Gone('the other side closed the connection');
      offset += read;
    }
    return buffer;
  }
}

// Marks a value `encodePrimitive` leaves to the side's own encoder.
const NOT_PRIMITIVE = Symbol('not a primitive');

// The tagged form of a primitive (and null), the same from either side; NOT_PRIMITIVE for
// objects and functions.
function encodePrimitive(value) {
  switch (typeof value) {
    case 'undefined': return { t: 'u' };
    case 'boolean':
    case 'string': return value;
    case 'number':
      if (Number.isNaN(value)) return { t: 'n', v: 'NaN' };
      if (value === Infinity) return { t: 'n', v: 'Infinity' };
      if (value === -Infinity) return { t: 'n', v: '-Infinity' };
      if (Object.is(value, -0)) return { t: 'n', v: '-0' };
      return value;
    case 'bigint': return { t: 'b', v: value.toString() };
    case 'symbol': {
      const name = WELL_KNOWN_NAMES.get(value);
      return name ? { t: 'y', v: name } : { t: 'y', d: String(value.description ?? '') };
    }
    default: return value === null ? null : NOT_PRIMITIVE;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

// Waits a millisecond (only if a pipe was left non-blocking by someone).
function pause() {
  Atomics.wait(sleeper, 0, 0, 1);
}

module.exports = {
  BUILTINS, BUILTIN_NAMES, Broken, Channel, FRAME_LIMIT, Gone, NOT_PRIMITIVE, WELL_KNOWN,
  WELL_KNOWN_NAMES, encodePrimitive,
};
