/** config/demo.json's hr-agent, whose token proves the import done. */
const DEMO_TOKEN_BODY = 'grant_type=client_credentials&client_id=hr-agent&client_secret=mySecret&scope=read';

/** The demo import (MANDATE_IMPORT=config/demo.json) runs at start, beside readiness: waits until a seed client can get a token. */
export async function waitForDemoImport(origin: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < until) {
    const res = await fetch(`${origin}/am/oauth2/realms/root/realms/alpha/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: DEMO_TOKEN_BODY,
    });
    last = `${res.status} ${await res.text()}`;
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${origin}: config/demo.json was not imported within ${timeoutMs / 1000} s (last answer ${last})`);
}
