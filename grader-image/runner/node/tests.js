'use strict';
// The hidden tests' process: runs an ordinary node:test file whose `require('./solution')`
// gets stand-ins of the learner's values, served by the learner's process (learner.js)
// over two pipes. The learner's code never runs here; its process cannot reach this one
// (runner_node.py confines it with Landlock: no /proc, no signals out of its domain).
// Results go to the trusted Python runner through the report pipe (reporter.mjs).
//
//   node --test-reporter=reporter.mjs tests.js READ_FD WRITE_FD TESTS_FD REPORT_FD
//
// What crosses, and how (the tests' side checks everything it receives):
// - Numbers, strings, booleans, null, undefined, bigints, arrays, plain objects, Maps,
//   Sets, Dates and RegExps cross as copies. An array or plain object the tests pass to a
//   function is updated in place after the call to what the call left in it.
// - The learner's functions and classes are stand-ins: calling one, `new`, reading and
//   writing static properties ask the learner's process. A class's stand-in is a local
//   class of the same name and superclass, so `instanceof` works (also against the
//   builtin errors it extends).
// - Any other object of the learner's stays in its process; the tests hold a stand-in
//   whose properties, methods, iteration and keys are requests. Identity is kept (the
//   same object is the same stand-in), and a stand-in never deep-equals a plain value.
// - An error the learner's code throws becomes a local error of a stand-in class of its
//   class (`assert.throws(() => f(), RangeError)`, `{name, message}` and RegExp checks
//   work); a promise is awaited at once and becomes a settled local promise.
// - The tests may pass the learner's code their own functions (they run here; an
//   assertion failing inside one fails the test even if the submission catches it),
//   errors, and the copyable values above, not other objects of their own.

const fs = require('fs');
const Module = require('module');
const assert = require('assert');
const {
  BUILTIN_NAMES, BUILTINS, Broken, Channel, Gone, NOT_PRIMITIVE, WELL_KNOWN, WELL_KNOWN_NAMES,
  encodePrimitive,
} = require('./protocol');

const [readFd, writeFd, testsFd, reportFd] = process.argv.slice(2).map(Number);
const channel = new Channel(readFd, writeFd);

// Nesting of values the tests send (deeper is refused) and that they accept.
const DEPTH_LIMIT = 200;
const TESTS_NAME = '<hidden tests>';

// The learner's functions and objects, by id, as their stand-ins here, and back.
const standIns = new Map();
const remoteOf = new WeakMap();
// The tests' own functions the learner's code was given, by id, and back.
const callbacks = new Map();
const callbackIds = new WeakMap();
// Set once the learner's process is gone or broke the protocol: every later request fails.
let lost = null;
// An assertion that failed inside a tests' function the learner's code called.
let callbackFailure = null;
let nesting = 0;

function report(line) {
  fs.writeSync(reportFd, `${JSON.stringify(line)}\n`);
}

class Lost extends Error {}

function lose(error) {
  if (lost === null) {
    const message = error instanceof Gone
      ? 'Your program stopped while it was being tested'
      : `Your program broke the connection to the tests (${error.message})`;
    lost = new Lost(message);
    report({ kind: 'gone', broken: error instanceof Broken, message });
  }
  throw lost;
}

function broken(what) {
  throw new Broken(what);
}

// Sends a request to the learner's process; serves the calls of the tests' functions
// that come before the answer; returns the answer's value (or throws its error).
function remote(message) {
  if (lost !== null) throw lost;
  let answer;
  nesting += 1;
  try {
    channel.send(message);
    for (;;) {
      const incoming = channel.receive();
      if (incoming === null || typeof incoming !== 'object' || Array.isArray(incoming)) broken('a message is not an object');
      if (incoming.r === 1) {
        answer = incoming;
        break;
      }
      serveCallback(incoming);
    }
  } catch (error) {
    if (error instanceof Gone || error instanceof Broken) lose(error);
    throw error;
  } finally {
    nesting -= 1;
  }
  if (callbackFailure !== null && nesting === 0) {
    const failure = callbackFailure;
    callbackFailure = null;
    throw failure;
  }
  if (answer.ok === true) return { value: decodeChecked(answer.v), after: answer.after };
  throw decodeChecked(answer.e, true);
}

function decodeChecked(value, thrown = false) {
  try {
    return thrown ? decodeThrown(value) : decode(value, 0);
  } catch (error) {
    if (error instanceof Broken) lose(error);
    throw error;
  }
}

function serveCallback(message) {
  if (message.op !== 'call' || !callbacks.has(message.target) || !Array.isArray(message.args)) {
    broken('an unexpected request');
  }
  let reply;
  try {
    const fn = callbacks.get(message.target);
    const result = Reflect.apply(fn, decode(message.this, 0), message.args.map((arg) => decode(arg, 0)));
    reply = { r: 1, ok: true, v: encode(result) };
  } catch (error) {
    if (error instanceof Lost || error instanceof Broken) throw error;
    if (error instanceof assert.AssertionError && callbackFailure === null) callbackFailure = error;
    reply = { r: 1, ok: false, e: encodeError(error) };
  }
  channel.send(reply);
}

// ---- Values from the learner's side (checked: anything else is a broken connection).

function text(value) {
  if (typeof value !== 'string') broken('a text is not a string');
  return value;
}

function list(value) {
  if (!Array.isArray(value)) broken('a list is not a list');
  return value;
}

function pairs(value) {
  return list(value).map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) broken('a pair is not a pair');
    return pair;
  });
}

function decode(value, depth) {
  if (depth > DEPTH_LIMIT) broken('a value nests too deep');
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number') {
    return value;
  }
  if (typeof value !== 'object' || Array.isArray(value)) broken('a value is not tagged');
  const inner = (item) => decode(item, depth + 1);
  switch (value.t) {
    case 'u': return undefined;
    case 'n': {
      const numbers = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };
      if (!Object.prototype.hasOwnProperty.call(numbers, value.v)) broken('an unknown number');
      return numbers[value.v];
    }
    case 'b':
      if (!/^-?[0-9]{1,10000}$/.test(text(value.v))) broken('a bigint is not a number');
      return BigInt(value.v);
    case 'y':
      if (value.v !== undefined) {
        if (!WELL_KNOWN.has(value.v)) broken('an unknown symbol');
        return WELL_KNOWN.get(value.v);
      }
      return Symbol(text(value.d));
    case 'a': return list(value.v).map(inner);
    case 'o': {
      const result = value.z === true ? Object.create(null) : {};
      for (const [key, item] of pairs(value.v)) {
        Object.defineProperty(result, text(key), { value: inner(item), writable: true, enumerable: true, configurable: true });
      }
      return result;
    }
    case 'm': return new Map(pairs(value.v).map(([k, v]) => [inner(k), inner(v)]));
    case 'S': return new Set(list(value.v).map(inner));
    case 'd':
      if (typeof value.v !== 'number' && value.v !== null) broken('a date is not a time');
      return new Date(value.v === null ? NaN : value.v);
    case 'r':
      try {
        return new RegExp(text(value.source), text(value.flags));
      } catch (error) {
        return broken('a RegExp is not one');
      }
    case 'e': return decodeError(value, depth);
    case 'B':
      if (!BUILTINS.has(value.v)) broken('an unknown builtin');
      return BUILTINS.get(value.v);
    case 'f': return functionStandIn(value, depth);
    case 'h': return objectStandIn(value, depth);
    case 'p': return settle(value);
    case 'cb':
      if (!callbacks.has(value.id)) broken('an unknown function of the tests');
      return callbacks.get(value.id);
    default: return broken('an unknown tag');
  }
}

function checkId(id) {
  if (!Number.isSafeInteger(id) || id < 1) broken('an id is not an id');
  return id;
}

function functionStandIn(value, depth) {
  const id = checkId(value.id);
  if (standIns.has(id)) {
    const known = standIns.get(id);
    if (typeof known !== 'function') broken('an object changed its kind');
    return known;
  }
  const name = text(value.name);
  let target;
  if (value.k === true) {
    let Parent = null;
    if (value.s !== undefined) {
      if (value.s === null || typeof value.s !== 'object' || (value.s.t !== 'f' && value.s.t !== 'B')) broken('a superclass is not a class');
      Parent = decode(value.s, depth + 1);
    }
    try {
      target = typeof Parent === 'function' ? class extends Parent {} : class {};
    } catch (error) {
      target = class {};
    }
  } else {
    target = function () {};
  }
  Object.defineProperty(target, 'name', { value: name });
  Object.defineProperty(target, 'length', { value: Number.isSafeInteger(value.length) ? value.length : 0 });
  const self = { t: 'f', id };
  const proxy = new Proxy(target, {
    apply(_, thisArg, args) {
      return call({ op: 'call', target: self, this: encode(thisArg), args: args.map((arg) => encode(arg)) }, args);
    },
    construct(_, args) {
      return call({ op: 'new', target: self, args: args.map((arg) => encode(arg)) }, args);
    },
    get(fn, key) {
      if (typeof key === 'symbol' || key === 'prototype' || key === 'name' || key === 'length' || key in Function.prototype) {
        return Reflect.get(fn, key);
      }
      return remote({ op: 'get', target: self, key }).value;
    },
    set(_, key, item) {
      if (typeof key === 'symbol') return false;
      return remote({ op: 'set', target: self, key, value: encode(item) }).value === true;
    },
  });
  standIns.set(id, proxy);
  remoteOf.set(proxy, self);
  return proxy;
}

function objectStandIn(value, depth) {
  const id = checkId(value.id);
  if (standIns.has(id)) {
    const known = standIns.get(id);
    if (typeof known !== 'object') broken('an object changed its kind');
    return known;
  }
  let proto = Object.prototype;
  if (value.c !== undefined) {
    if (value.c === null || typeof value.c !== 'object' || value.c.t !== 'f') broken('a class is not a class');
    const cls = decode(value.c, depth + 1);
    proto = cls.prototype;
  }
  const self = { t: 'h', id };
  const keyOf = (key) => {
    if (typeof key === 'string') return key;
    return { t: 'y', v: WELL_KNOWN_NAMES.get(key) };
  };
  const proxy = new Proxy(Object.create(proto), {
    get(target, key) {
      if (typeof key === 'symbol' && !WELL_KNOWN_NAMES.has(key)) return Reflect.get(target, key);
      return remote({ op: 'get', target: self, key: keyOf(key) }).value;
    },
    set(target, key, item) {
      if (typeof key === 'symbol' && !WELL_KNOWN_NAMES.has(key)) return false;
      return remote({ op: 'set', target: self, key: keyOf(key), value: encode(item) }).value === true;
    },
    has(target, key) {
      if (typeof key === 'symbol' && !WELL_KNOWN_NAMES.has(key)) return false;
      return remote({ op: 'has', target: self, key: keyOf(key) }).value === true;
    },
    deleteProperty(target, key) {
      if (typeof key === 'symbol') return false;
      return remote({ op: 'delete', target: self, key }).value === true;
    },
    ownKeys() {
      const keys = list(remote({ op: 'keys', target: self }).value).map(text);
      return [...new Set(keys)];
    },
    getOwnPropertyDescriptor(target, key) {
      if (typeof key === 'symbol') return undefined;
      const own = remote({ op: 'own', target: self, key }).value;
      if (own === null) return undefined;
      if (typeof own !== 'object' || Array.isArray(own)) broken('a property is not described');
      return { value: own.value, writable: true, enumerable: own.enumerable === true, configurable: true };
    },
    defineProperty(target, key, descriptor) {
      if (typeof key === 'symbol' || !('value' in descriptor)) return false;
      return remote({ op: 'set', target: self, key, value: encode(descriptor.value) }).value === true;
    },
    setPrototypeOf() {
      return false;
    },
    preventExtensions() {
      return false;
    },
  });
  standIns.set(id, proxy);
  remoteOf.set(proxy, self);
  return proxy;
}

// A call or construction: its value, after writing back the arrays and plain objects the
// call changed.
function call(message, args) {
  const { value, after } = remote(message);
  if (Array.isArray(after)) {
    after.forEach((state, index) => {
      const original = args[index];
      if (state === null || state === undefined || index >= args.length) return;
      const fresh = decodeChecked(state);
      if (Array.isArray(original) && Array.isArray(fresh)) {
        original.length = 0;
        original.push(...fresh);
      } else if (isPlain(original) && isPlain(fresh)) {
        for (const key of Object.keys(original)) delete original[key];
        Object.assign(original, fresh);
      }
    });
  }
  return value;
}

// A promise of the learner's, awaited at once (the learner's process runs its event loop
// while this one waits) and returned settled.
function settle(value) {
  const id = checkId(value.id);
  try {
    return Promise.resolve(remote({ op: 'await', target: { t: 'p', id } }).value);
  } catch (error) {
    if (error instanceof Lost) throw error;
    const rejected = Promise.reject(error);
    rejected.catch(() => {});
    return rejected;
  }
}

function decodeError(value, depth) {
  if (value.c === null || typeof value.c !== 'object' || (value.c.t !== 'f' && value.c.t !== 'B')) broken('an error has no class');
  let cls = decode(value.c, depth + 1);
  // An error whose class does not derive from Error (an old-style constructor) is an Error.
  if (typeof cls !== 'function' || !(cls === Error || cls.prototype instanceof Error)) cls = Error;
  const error = Object.create(cls.prototype);
  const name = text(value.name);
  const message = text(value.message);
  Object.defineProperty(error, 'message', { value: message, writable: true, configurable: true });
  if (error.name !== name) Object.defineProperty(error, 'name', { value: name, writable: true, configurable: true });
  Object.defineProperty(error, 'stack', { value: `${name}: ${message}\n    at (your code)`, writable: true, configurable: true });
  for (const [key, item] of pairs(value.p || [])) {
    if (key === 'message' || key === 'stack') continue;
    Object.defineProperty(error, text(key), { value: decode(item, depth + 1), writable: true, enumerable: true, configurable: true });
  }
  return error;
}

function decodeThrown(value) {
  if (value !== null && typeof value === 'object' && value.t === 'x') return decode(value.v, 0);
  if (value === null || typeof value !== 'object' || value.t !== 'e') broken('a thrown value is not an error');
  return decode(value, 0);
}

// ---- Values to the learner's side.

function isPlain(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encode(value, stack = new Set()) {
  const primitive = encodePrimitive(value);
  if (primitive !== NOT_PRIMITIVE) return primitive;
  if (remoteOf.has(value)) return remoteOf.get(value);
  if (BUILTIN_NAMES.has(value)) return { t: 'B', v: BUILTIN_NAMES.get(value) };
  if (typeof value === 'function') return encodeCallback(value);
  if (value instanceof Error) return encodeError(value);
  if (stack.has(value)) throw new TypeError('the tests cannot pass your code a value that contains itself');
  if (stack.size >= DEPTH_LIMIT) throw new TypeError('the tests cannot pass your code a value nested this deep');
  stack.add(value);
  try {
    const inner = (item) => encode(item, stack);
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value) && proto === Array.prototype) return { t: 'a', v: Array.from(value, inner) };
    if (isPlain(value)) return { t: 'o', v: Object.keys(value).map((key) => [key, inner(value[key])]), z: proto === null };
    if (proto === Map.prototype) return { t: 'm', v: [...value].map(([k, v]) => [inner(k), inner(v)]) };
    if (proto === Set.prototype) return { t: 'S', v: [...value].map(inner) };
    if (proto === Date.prototype) return { t: 'd', v: value.getTime() };
    if (proto === RegExp.prototype) return { t: 'r', source: value.source, flags: value.flags };
  } finally {
    stack.delete(value);
  }
  throw new TypeError(`the tests cannot pass your code this object (${Object.prototype.toString.call(value)}): only values that can be copied, functions, errors and your code's own objects`);
}

function encodeCallback(fn) {
  let id = callbackIds.get(fn);
  if (id === undefined) {
    id = callbacks.size + 1;
    callbacks.set(id, fn);
    callbackIds.set(fn, id);
  }
  return { t: 'cb', id, name: String(fn.name), length: fn.length };
}

function encodeError(error) {
  let base = Object.getPrototypeOf(error);
  while (base !== null && !BUILTIN_NAMES.has(base.constructor)) base = Object.getPrototypeOf(base);
  const name = base === null ? 'Error' : BUILTIN_NAMES.get(base.constructor);
  return { t: 'e', c: { t: 'B', v: BUILTINS.get(name) && name.endsWith('Error') ? name : 'Error' }, name: String(error.name), message: String(error.message), p: [] };
}

// ---- The run.

function start() {
  const source = fs.readFileSync(testsFd, 'utf8');
  fs.closeSync(testsFd);
  let ready;
  try {
    ready = channel.receive();
    if (ready === null || typeof ready !== 'object') broken('the first message is not an object');
  } catch (error) {
    if (error instanceof Gone || error instanceof Broken) {
      report({ kind: 'gone', message: 'Your program stopped before it was loaded' });
      process.exit(0);
    }
    throw error;
  }
  if (ready.load === 'syntax_error' || ready.load === 'import_error') {
    report({ kind: 'load', status: ready.load, message: typeof ready.message === 'string' ? ready.message : '' });
    process.exit(0);
  }
  let solution;
  try {
    if (ready.ready !== true) broken('the first message is not the program being ready');
    solution = decode(ready.exports, 0);
  } catch (error) {
    if (error instanceof Broken || error instanceof Gone) {
      report({ kind: 'gone', broken: true, message: `Your program broke the connection to the tests (${error.message})` });
      process.exit(0);
    }
    throw error;
  }
  const hidden = new Module(TESTS_NAME, null);
  hidden.filename = TESTS_NAME;
  hidden.paths = [];
  const load = Module._load;
  Module._load = function loadForTheTests(request, parent, isMain) {
    if (parent === hidden) {
      if (/^\.\.?\/(.*\/)?solution(\.js)?$/.test(request) || request === 'solution') return solution;
      if (!Module.isBuiltin(request)) {
        throw new Error(`the hidden tests can require only "./solution" and Node's own modules, not ${JSON.stringify(request)}`);
      }
    }
    return load.call(this, request, parent, isMain);
  };
  try {
    hidden._compile(source, TESTS_NAME);
  } catch (error) {
    report({ kind: 'tests_error', message: describe(error) });
    process.exit(0);
  }
}

function describe(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `${String(error)} was thrown`;
}

start();
