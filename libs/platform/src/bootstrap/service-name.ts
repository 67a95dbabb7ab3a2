/** The app's name (`token-service`, `gateway`, …), provided by PlatformModule: in a leaf module, so that anything may inject it without an import cycle. */
export const SERVICE_NAME = Symbol.for('mandate.service-name');
