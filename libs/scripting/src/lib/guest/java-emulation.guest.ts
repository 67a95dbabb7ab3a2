/**
 * Guest code: the little of Rhino/Java that legacy (evaluator 1.0) scripts use, e.g. the seeds'
 * `JavaImporter(org.forgerock.json.JsonValue)` + `JsonValue.json(JsonValue.object())` + `put`
 * (am-spec §12.1: "Legacy scripts must build a JsonValue"). Compiled only when a script first
 * touches `JavaImporter`, `org`, `java` or `Packages`: QuickJS-in-WebAssembly compiles at
 * roughly 150 ns per source character, so this ~3 KB costs ~0.5 ms that next-generation
 * scripts should not pay. `JsonValue.object()` returns a plain object (no Java `Map.put`).
 *
 * A JsonValue serialises through `toJSON`, so `token.setMayAct(jsonValue)` and JsonValues nested
 * in plain objects unwrap themselves when the host reads them as JSON.
 *
 * Kept free of backslashes and template placeholders: it is embedded in a TypeScript template literal.
 */
export const JAVA_EMULATION_GUEST = `(function () {
  'use strict';
  var isArray = Array.isArray, define = Object.defineProperty, keys = Object.keys, str = String;
  function isMap(o) { return o !== null && typeof o === 'object' && !isArray(o); }
  function has(o, k) { return isArray(o) ? k >= 0 && k < o.length : isMap(o) && Object.prototype.hasOwnProperty.call(o, k); }
  function un(v) { return v instanceof JsonValue ? v._object : v; }
  function JsonValue(o) {
    if (!(this instanceof JsonValue)) return new JsonValue(o);
    define(this, '_object', { value: o === undefined ? null : un(o), writable: true });
  }
  function Field(k, v) { this.k = str(k); this.v = un(v); }
  JsonValue.json = JsonValue;
  JsonValue.field = function (k, v) { return new Field(k, v); };
  JsonValue.object = function () {
    var m = {};
    for (var i = 0; i < arguments.length; i++) {
      if (!(arguments[i] instanceof Field)) throw new TypeError('JsonValue.object() takes JsonValue.field(key, value) entries');
      m[arguments[i].k] = arguments[i].v;
    }
    return m;
  };
  JsonValue.array = function () { return Array.prototype.map.call(arguments, un); };
  JsonValue.prototype = {
    constructor: JsonValue,
    getObject: function () { return this._object; },
    get: function (k) { return new JsonValue(has(this._object, k) ? this._object[k] : null); },
    put: function (k, v) {
      if (!isMap(this._object) && !isArray(this._object)) throw new TypeError('JsonValue is not a map or a list');
      this._object[k] = un(v);
      return this;
    },
    add: function (k, v) { return isArray(this._object) && arguments.length < 2 ? this.put(this._object.length, k) : this.put(k, v); },
    isDefined: function (k) { return has(this._object, k); },
    isNull: function () { return this._object === null; },
    asString: function () { return this._object === null ? null : str(this._object); },
    toJSON: function () { return this._object; },
    toString: function () { return JSON.stringify(this._object); }
  };
  function JavaString(v) { var t = str(v === undefined ? '' : v); return this instanceof JavaString ? Object(t) : t; }
  JavaString.valueOf = str;
  function pkg(classes) {
    keys(classes).forEach(function (n) { define(classes[n], 'javaName', { value: n }); });
    return define(classes, 'javaPackage', { value: true });
  }
  var org = { forgerock: { json: pkg({ JsonValue: JsonValue }) } };
  var java = { lang: pkg({ String: JavaString }) };
  function JavaImporter() {
    var scope = {};
    Array.prototype.forEach.call(arguments, function (c, i) {
      if (typeof c === 'function' && c.javaName) scope[c.javaName] = c;
      else if (isMap(c) && c.javaPackage) keys(c).forEach(function (n) { scope[n] = c[n]; });
      else throw new TypeError('JavaImporter: argument ' + i + ' is not a Java class or package available in the sandbox');
    });
    return scope;
  }
  return { JavaImporter: JavaImporter, org: org, java: java, Packages: { org: org, java: java } };
})`;

/** The globals that trigger the Java emulation on first access. */
export const JAVA_EMULATION_GLOBALS = ['JavaImporter', 'org', 'java', 'Packages'] as const;
