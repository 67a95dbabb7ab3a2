/**
 * Guest code compiled only after a script failed: reads name/message/line of whatever was thrown
 * and returns it as JSON (never a host stack; the guest stack is used for the line number only).
 * `stringify` and `toStr` are the guest's original builtins, captured before the script ran.
 */
export const DESCRIBE_ERROR_GUEST = `(function (error, stringify, toStr) {
  'use strict';
  function cut(value, max) { return typeof value === 'string' ? value.slice(0, max) : undefined; }
  try {
    if (error !== null && typeof error === 'object') {
      return stringify({
        name: cut(toStr(error.name), 100),
        message: cut(toStr(error.message), 1000),
        fileName: cut(error.fileName, 200),
        lineNumber: typeof error.lineNumber === 'number' ? error.lineNumber : undefined,
        stack: cut(error.stack, 500)
      });
    }
    return stringify({ name: '', message: cut(toStr(error), 1000) });
  } catch (e) {
    return null;
  }
})`;
