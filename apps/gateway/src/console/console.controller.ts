import { statSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { CrestError } from '@mandate/oauth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ConsoleConfig, consoleConfig } from './console.config';
import { setConsoleHeaders } from './console-headers';

/** One year: Vite names every file under assets/ by its content hash, so a URL never changes meaning. */
const HASHED_MAX_AGE = 365 * 24 * 3600 * 1000;

/**
 * The admin console: the static files of apps/console, sent by @fastify/static's `sendFile`
 * (ranges, ETags, content types). Any other path below /console is a client route and gets
 * index.html, which is never cached, so a new build is picked up at the next load.
 */
@Controller('console')
export class ConsoleController {
  constructor(@Inject(consoleConfig.token) private readonly config: ConsoleConfig) {}

  /** `/am/console` → `/am/console/`: the page's relative asset URLs resolve from the folder. */
  @Get()
  root(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    setConsoleHeaders(reply);
    const [path, query] = splitUrl(request.originalUrl ?? request.url);
    if (!path.endsWith('/')) return reply.header('Cache-Control', 'no-store').redirect(`${path}/${query}`, 302);
    return this.index(reply);
  }

  @Get('*')
  file(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    setConsoleHeaders(reply);
    const wanted = (request.params as Record<string, string>)['*'] ?? '';
    const file = this.existingFile(wanted);
    if (!file) return this.index(reply);
    const hashed = file.startsWith(`assets${sep}`);
    if (hashed) return reply.sendFile(file, this.config.MANDATE_CONSOLE_DIR, { maxAge: HASHED_MAX_AGE, immutable: true });
    return reply.header('Cache-Control', 'no-cache').sendFile(file, this.config.MANDATE_CONSOLE_DIR, { cacheControl: false });
  }

  private index(reply: FastifyReply) {
    if (!this.existingFile('index.html')) throw new CrestError(404, 'The admin console is not built (nx build console)');
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', this.config.MANDATE_CONSOLE_DIR, { cacheControl: false });
  }

  /** The path relative to the console folder when it names a file inside it; never one outside (`..`). */
  private existingFile(wanted: string): string | null {
    if (!wanted || wanted.includes('\0') || !extname(wanted)) return wanted === 'index.html' ? this.statFile('index.html') : null;
    return this.statFile(wanted);
  }

  private statFile(wanted: string): string | null {
    const root = this.config.MANDATE_CONSOLE_DIR;
    const full = resolve(root, wanted);
    const rel = relative(root, full);
    if (rel.startsWith('..') || rel === '' || resolve(root, rel) !== full) return null;
    try {
      return statSync(full).isFile() ? rel : null;
    } catch {
      return null;
    }
  }
}

function splitUrl(url: string): [string, string] {
  const q = url.indexOf('?');
  return q < 0 ? [url, ''] : [url.slice(0, q), url.slice(q)];
}
