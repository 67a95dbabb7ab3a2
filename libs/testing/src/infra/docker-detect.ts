import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';

export interface DockerDetection {
  available: boolean;
  reason: string;
}

const DEFAULT_SOCKET = '/var/run/docker.sock';

interface PingTarget {
  options: RequestOptions;
  tls: boolean;
  describe: string;
}

function targetFromEnv(): PingTarget | DockerDetection {
  const host = process.env['DOCKER_HOST']?.trim();
  if (!host || host.startsWith('unix://')) {
    const socketPath = host ? host.slice('unix://'.length) : DEFAULT_SOCKET;
    if (!existsSync(socketPath)) {
      return { available: false, reason: `no socket at ${socketPath}` };
    }
    return { options: { socketPath }, tls: false, describe: `unix://${socketPath}` };
  }
  const match = /^(tcp|http|https):\/\/\[?([^\]/]+?)\]?(?::(\d+))?\/?$/.exec(host);
  if (!match) {
    return { available: false, reason: `unsupported DOCKER_HOST ${host}` };
  }
  const [, scheme, hostname, portText] = match;
  const tls = scheme === 'https' || (scheme === 'tcp' && !!process.env['DOCKER_TLS_VERIFY']);
  const port = portText ? Number(portText) : tls ? 2376 : 2375;
  const options: RequestOptions = { host: hostname, port };
  const certPath = process.env['DOCKER_CERT_PATH'];
  if (tls && certPath) {
    try {
      Object.assign(options, {
        ca: readFileSync(join(certPath, 'ca.pem')),
        cert: readFileSync(join(certPath, 'cert.pem')),
        key: readFileSync(join(certPath, 'key.pem')),
      });
    } catch (err) {
      return { available: false, reason: `cannot read TLS files in ${certPath}: ${(err as Error).message}` };
    }
  }
  return { options, tls, describe: `${tls ? 'https' : 'http'}://${hostname}:${port}` };
}

/**
 * Checks whether a Docker engine answers `GET /_ping` with `200 OK` within `timeoutMs`.
 * Honours DOCKER_HOST (unix://path, tcp://host:port); unset means /var/run/docker.sock.
 * Never hangs: the whole exchange is bounded by a hard timer (Testcontainers has none).
 */
export function detectDocker(timeoutMs = 1500): Promise<DockerDetection> {
  const target = targetFromEnv();
  if ('available' in target) {
    return Promise.resolve(target);
  }
  return new Promise<DockerDetection>((resolve) => {
    let settled = false;
    const finish = (result: DockerDetection): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const request = target.tls ? httpsRequest : httpRequest;
    const req = request({ ...target.options, method: 'GET', path: '/_ping', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > 1024) finish({ available: false, reason: `${target.describe}/_ping: unexpected body` });
      });
      res.on('end', () => {
        const ok = res.statusCode === 200 && body.trim() === 'OK';
        finish({
          available: ok,
          reason: ok
            ? `docker engine answered at ${target.describe}`
            : `${target.describe}/_ping answered ${res.statusCode} ${JSON.stringify(body.slice(0, 80))}`,
        });
      });
      res.on('error', (err) => finish({ available: false, reason: `${target.describe}/_ping: ${err.message}` }));
    });
    const timer = setTimeout(
      () => finish({ available: false, reason: `${target.describe}/_ping: no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    timer.unref();
    req.on('error', (err) => finish({ available: false, reason: `${target.describe}/_ping: ${err.message}` }));
    req.end();
  });
}
