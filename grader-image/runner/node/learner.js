'use strict';
// The learner's process: loads the submission and answers the hidden tests' requests
// (property reads and writes, calls, constructions, awaiting a promise) about the objects
// it handed out. Nothing here is trusted by the tests' side: the submission shares this
// process and may change any of it; what it can send is only ever an answer to a request.
//
//   node learner.js READ_FD WRITE_FD CODE_FD
//
// The code comes on CODE_FD (read to its end), compiled as the CommonJS module
// `solution.js` in the working directory. The first message is `{ready, exports}` or
// `{load: "syntax_error" | "import_error", message}`.

const path = require('path');
const vm = require('vm');
const fs = require('fs');
const Module = require('module');
const {
  BUILTIN_NAMES, BUILTINS, Channel, Gone, NOT_PRIMITIVE, WELL_KNOWN, encodePrimitive,
} = require('./protocol');

// Copies nest at most this deep; deeper values cross as handles.
const DEPTH_LIMIT = 200;
// The error message's lines kept for a failure at load.
const LOAD_MESSAGE_LINES = 12;

// A write to a full pipe waits for the runner to read, as a Python program's does. Node
// would otherwise queue it in the heap: a flood then ran out of memory or not depending on
// how fast the runner read, instead of always meeting the output limit the runner counts.
for (const stream of [process.stdout, process.stderr]) {
  stream._handle?.setBlocking?.(true);
}

const [readFd, writeFd, codeFd] = process.argv.slice(2).map(Number);
const channel = new Channel(readFd, writeFd);

// The objects the tests hold, by id, and each object's id.
const objects = new Map();
const ids = new WeakMap();
// The tests' functions this side holds, by the tests' id.
const callbacks = new Map();
// How many requests of this side's own wait for an answer (a tests' function running).
let nesting = 0;

function handle(value) {
  let id = ids.get(value);
  if (id === undefined) {
    id = objects.size + 1;
    objects.set(id, value);
    ids.set(value, id);
  }
  return id;
}

function isPlain(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function encode(value, stack = new Set(), depth = 0) {
  const primitive = encodePrimitive(value);
  if (primitive !== NOT_PRIMITIVE) return primitive;
  if (typeof value === 'function') return encodeFunction(value);
  if (BUILTIN_NAMES.has(value)) return { t: 'B', v: BUILTIN_NAMES.get(value) };
  if (value instanceof Promise) return { t: 'p', id: handle(value) };
  if (value instanceof Error) return encodeError(value);
  if (stack.has(value) || depth >= DEPTH_LIMIT) return encodeObject(value);
  const proto = Object.getPrototypeOf(value);
  stack.add(value);
  try {
    const inner = (item) => encode(item, stack, depth + 1);
    if (Array.isArray(value) && proto === Array.prototype) {
      return { t: 'a', v: Array.from(value, inner) };
    }
    if (isPlain(value)) {
      return { t: 'o', v: Object.keys(value).map((key) => [key, inner(value[key])]), z: proto === null };
    }
    if (proto === Map.prototype) return { t: 'm', v: [...value].map(([k, v]) => [inner(k), inner(v)]) };
    if (proto === Set.prototype) return { t: 'S', v: [...value].map(inner) };
    if (proto === Date.prototype) return { t: 'd', v: value.getTime() };
    if (proto === RegExp.prototype) return { t: 'r', source: value.source, flags: value.flags };
  } finally {
    stack.delete(value);
  }
  return encodeObject(value);
}

function encodeFunction(fn) {
  if (BUILTIN_NAMES.has(fn)) return { t: 'B', v: BUILTIN_NAMES.get(fn) };
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(fn));
  const parent = Object.getPrototypeOf(fn);
  const encoded = {
    t: 'f', id: handle(fn), name: String(fn.name ?? ''), length: Number(fn.length) || 0, k: isClass,
  };
  if (isClass && typeof parent === 'function' && parent !== Function.prototype) {
    encoded.s = encodeFunction(parent);
  }
  return encoded;
}

// The class an object's prototype belongs to, when it has one, so that the tests' side
// can make `instanceof` work.
function classOf(value) {
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return undefined;
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor');
  if (ctor && typeof ctor.value === 'function' && ctor.value.prototype === proto) {
    return encodeFunction(ctor.value);
  }
  return undefined;
}

function encodeObject(value) {
  const encoded = { t: 'h', id: handle(value) };
  const cls = classOf(value);
  if (cls) encoded.c = cls;
  return encoded;
}

function encodeError(error) {
  let cls = classOf(error);
  if (!cls) cls = { t: 'B', v: 'Error' };
  const props = Object.keys(error).filter((key) => key !== 'message' && key !== 'stack')
    .map((key) => [key, encode(error[key])]);
  return { t: 'e', c: cls, name: String(error.name), message: String(error.message), p: props };
}

function encodeThrown(thrown) {
  try {
    if (thrown instanceof Error) return encodeError(thrown);
    return { t: 'x', v: encode(thrown) };
  } catch (error) {
    return { t: 'e', c: { t: 'B', v: 'Error' }, name: 'Error', message: 'an error that could not be described', p: [] };
  }
}

function decode(value) {
  if (value === null || typeof value !== 'object') return value;
  switch (value.t) {
    case 'u': return undefined;
    case 'n': return Number(value.v === '-0' ? -0 : value.v);
    case 'b': return BigInt(value.v);
    case 'y': return value.v !== undefined ? WELL_KNOWN.get(value.v) : Symbol(value.d);
    case 'a': return value.v.map(decode);
    case 'o': {
      const result = value.z ? Object.create(null) : {};
      for (const [key, item] of value.v) {
        Object.defineProperty(result, key, { value: decode(item), writable: true, enumerable: true, configurable: true });
      }
      return result;
    }
    case 'm': return new Map(value.v.map(([k, v]) => [decode(k), decode(v)]));
    case 'S': return new Set(value.v.map(decode));
    case 'd': return new Date(value.v);
    case 'r': return new RegExp(value.source, value.flags);
    case 'e': {
      const Base = BUILTINS.get(value.c && value.c.v) || Error;
      const error = new Base(value.message);
      return error;
    }
    case 'B': return BUILTINS.get(value.v);
    case 'f':
    case 'h':
    case 'p':
      if (!objects.has(value.id)) throw new Error('the tests named an object this side never gave them');
      return objects.get(value.id);
    case 'cb': return callback(value);
    default: throw new Error(`unknown value tag ${value.t}`);
  }
}

// A stand-in for one of the tests' functions: calling it asks the tests' side.
function callback(value) {
  if (callbacks.has(value.id)) return callbacks.get(value.id);
  const { id } = value;
  const call = function (...args) {
    return request({ op: 'call', target: id, this: encode(this), args: args.map((arg) => encode(arg)) });
  };
  Object.defineProperty(call, 'name', { value: String(value.name) });
  Object.defineProperty(call, 'length', { value: Number(value.length) || 0 });
  callbacks.set(id, call);
  return call;
}

// Sends one of this side's requests (a call of a tests' function) and serves the tests'
// requests that come before its answer.
function request(message) {
  channel.send(message);
  nesting += 1;
  try {
    for (;;) {
      const incoming = channel.receive();
      if (incoming.r) {
        if (incoming.ok) return decode(incoming.v);
        throw decode(incoming.e);
      }
      serve(incoming);
    }
  } finally {
    nesting -= 1;
  }
}

function key(encoded) {
  return typeof encoded === 'string' ? encoded : decode(encoded);
}

// Performs a request; returns the reply to send, or undefined when it is sent later.
function perform(message) {
  const target = decode(message.target);
  switch (message.op) {
    case 'get': return { v: encode(Reflect.get(target, key(message.key))) };
    case 'set': return { v: encode(Reflect.set(target, key(message.key), decode(message.value))) };
    case 'has': return { v: Reflect.has(target, key(message.key)) };
    case 'delete': return { v: Reflect.deleteProperty(target, key(message.key)) };
    case 'keys': return { v: Reflect.ownKeys(target).filter((k) => typeof k === 'string') };
    case 'own': {
      const descriptor = Reflect.getOwnPropertyDescriptor(target, key(message.key));
      if (!descriptor) return { v: null };
      const value = 'value' in descriptor ? descriptor.value : Reflect.get(target, key(message.key));
      return { v: { enumerable: !!descriptor.enumerable, value: encode(value) } };
    }
    case 'call':
    case 'new': {
      const args = message.args.map(decode);
      const result = message.op === 'call'
        ? Reflect.apply(target, decode(message.this), args)
        : Reflect.construct(target, args);
      // The tests' arrays and plain objects, as the call left them: the tests' side
      // writes them back, so functions that change their arguments in place can be tested.
      const after = args.map((arg, index) => (isCopy(message.args[index]) ? encode(arg) : null));
      return { v: encode(result), after };
    }
    case 'await':
      if (!(target instanceof Promise)) throw new TypeError('not a promise');
      if (nesting > 0) throw new Error('a promise of your code cannot be awaited inside a callback of the tests');
      {
        // A pending promise alone does not keep node running: this does, until it settles.
        const alive = setInterval(() => {}, 1 << 30);
        const settled = (reply) => {
          clearInterval(alive);
          answer(reply);
        };
        target.then(
          (value) => settled({ r: 1, ok: true, v: encode(value) }),
          (error) => settled({ r: 1, ok: false, e: encodeThrown(error) }),
        );
      }
      return undefined;
    default:
      throw new Error(`unknown request ${message.op}`);
  }
}

function isCopy(encoded) {
  return encoded !== null && typeof encoded === 'object' && (encoded.t === 'a' || encoded.t === 'o');
}

// Answers a request; false when the answer comes later (a promise settles first).
function serve(message) {
  let reply;
  try {
    reply = perform(message);
    if (reply === undefined) return false;
    reply.r = 1;
    reply.ok = true;
  } catch (error) {
    if (error instanceof Gone) throw error;
    reply = { r: 1, ok: false, e: encodeThrown(error) };
  }
  channel.send(reply);
  return true;
}

// Sends a late answer (a settled promise) and goes back to serving.
function answer(reply) {
  try {
    channel.send(reply);
  } catch (error) {
    process.exit(0);
  }
  serveForever();
}

function serveForever() {
  for (;;) {
    let message;
    try {
      message = channel.receive();
    } catch (error) {
      process.exit(0); // The tests are done (or gone): nothing more to answer.
    }
    try {
      if (!serve(message)) return; // Back to the event loop until the promise settles.
    } catch (error) {
      process.exit(0);
    }
  }
}

function load() {
  const code = fs.readFileSync(codeFd, 'utf8');
  fs.closeSync(codeFd);
  const filename = path.join(process.cwd(), 'solution.js');
  try {
    // Compiled once apart, so that a syntax error is told from an error the code throws.
    new vm.Script(Module.wrap(code), { filename });
  } catch (error) {
    return { load: 'syntax_error', message: describeLoadError(error, filename) };
  }
  const solution = new Module(filename, null);
  solution.filename = filename;
  solution.paths = Module._nodeModulePaths(process.cwd());
  try {
    solution._compile(code, filename);
  } catch (error) {
    return { load: 'import_error', message: describeLoadError(error, filename) };
  }
  solution.loaded = true;
  return { ready: true, exports: encode(solution.exports) };
}

function describeLoadError(error, filename) {
  const text = error instanceof Error ? String(error.stack || error) : `${String(error)} was thrown`;
  const lines = text.split('\n').filter((line) => !line.includes('node:internal') && !line.includes('/runner/node/'));
  return lines.slice(0, LOAD_MESSAGE_LINES).join('\n').split(path.dirname(filename) + '/').join('');
}

channel.send(load());
serveForever();
