/**
 * The scripts of the acceptance seeds, verbatim (only the Markdown list indentation removed).
 * Used by the tests and the benchmark.
 */

/** Seed 000 "Create a may act script", next-generation (`OAUTH2_MAY_ACT_NEXT_GEN`). */
export const SEED_000_MAY_ACT_NEXT_GEN = `(function () {
    var mayAct = {
        "client_id": "hr-agent",
        "sub": "(age!hr-agent)"
    };
    token.setMayAct(mayAct);
}());
`;

/** Seed 000, legacy (`OAUTH2_MAY_ACT`, JavaImporter + JsonValue). */
export const SEED_000_MAY_ACT_LEGACY = `(function () {
    var frJava = JavaImporter(
        org.forgerock.json.JsonValue);

    var mayAct = frJava.JsonValue.json(frJava.JsonValue.object());
    // the client ID that can exchange the token
    mayAct.put('client_id', 'hr-agent');
    // the subject claim for the agent / OAuth 2.0 client application
    mayAct.put('sub', '(age!hr-agent)');
    token.setMayAct(mayAct);
}());
`;

/** Seed 001 (risk-agent), next-generation. */
export const SEED_001_MAY_ACT_NEXT_GEN = `(function () {
    var mayAct = {
        "client_id": "risk-agent",
        "sub": "(age!risk-agent)"
    };
    token.setMayAct(mayAct);
}());
`;

/** Seed 001 (risk-agent), legacy. */
export const SEED_001_MAY_ACT_LEGACY = `(function () {
    var frJava = JavaImporter(
        org.forgerock.json.JsonValue);

    var mayAct = frJava.JsonValue.json(frJava.JsonValue.object());
    // the client ID that can exchange the token
    mayAct.put('client_id', 'risk-agent');
    // the subject claim for the agent / OAuth 2.0 client application
    mayAct.put('sub', '(age!risk-agent)');
    token.setMayAct(mayAct);
}());
`;

/** Seed 002 "Software agent may act script", next-generation: derived from `clientProperties.clientId`. */
export const SEED_002_MAY_ACT_NEXT_GEN = `(function () {
    var mayAct = {
        client_id: clientProperties.clientId,
        sub: \`(age!\${clientProperties.clientId})\`
  };
    token.setMayAct(mayAct);
}());
`;

/** Seed 002 "Software agent may act script", legacy. */
export const SEED_002_MAY_ACT_LEGACY = `(function () {
    var frJava = JavaImporter(
        org.forgerock.json.JsonValue);

    var mayAct = frJava.JsonValue.json(frJava.JsonValue.object());
    // the client ID that can exchange the token
    mayAct.put('client_id', clientProperties.clientId);
    // the subject of the token that can exchange the token
    mayAct.put('sub', '(age!' + clientProperties.clientId + ')');
    token.setMayAct(mayAct);
}());
`;

/** Seed 002 "Software agent DCR script" (next-generation only). */
export const SEED_002_DCR = `if (operation === "CREATE" && clientIdentity.isAIAgent()) {
    clientIdentity.setAttribute("providerOverridesEnabled", ["true"]);
    clientIdentity.setAttribute("accessTokenMayActScript",["4478ca08-5a2a-4b1a-adee-d57c5c032d72"]);
    clientIdentity.setAttribute("statelessTokensEnabled", ["true"]);
    clientIdentity.store();
};
`;
