/** am-spec §11.5 / §12.1 `requestProperties` (read-only in scripts). Header names keep their case. */
export interface RequestProperties {
  requestUri?: string;
  realm?: string;
  /** Parameter values are arrays, as in AM. */
  requestParams?: Record<string, string[]>;
  requestHeaders?: Record<string, string[]>;
  /** DCR only: the registration request body. */
  requestBody?: Record<string, unknown>;
  [name: string]: unknown;
}
