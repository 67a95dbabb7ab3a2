import { DcrHandler } from './dcr.handler';
import { DcrScriptRunner } from './dcr-script.runner';
import { DcrService } from './dcr.service';
import { RegistrationAccessTokens } from './registration-access-token.service';
import { RegistrationGate } from './registration-gate';
import { InitialAccessTokens } from '../initial-tokens/initial-access-token.service';
import { InitialTokenAdminHandler } from '../initial-tokens/initial-token-admin.handler';

/** Dynamic client registration (issue 7); builds on the realm configuration parts. */
export const DCR_HANDLERS = [DcrHandler, InitialTokenAdminHandler];
export const DCR_PROVIDERS = [DcrService, DcrScriptRunner, RegistrationAccessTokens, RegistrationGate, InitialAccessTokens];
