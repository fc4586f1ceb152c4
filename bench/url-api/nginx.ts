/**
 * nginx serving a folder of files, as the baseline for cached answers. A benchmark-only
 * dependency: `apt-get install -y nginx-light`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { waitForPort } from './processes.js';

export const NGINX = '/usr/sbin/nginx';

export interface Nginx {
  port: number;
  stop: () => Promise<void>;
}

/**
 * Starts nginx in the foreground on 127.0.0.1:`port` with `root` as its document root.
 * @example const nginx = await startNginx(cacheDir, 18080, 1, workDir);
 */
export async function startNginx(
  root: string,
  port: number,
  workers: number | 'auto',
  workDir: string,
): Promise<Nginx> {
  if (!existsSync(NGINX)) throw new Error('nginx is missing: apt-get install -y nginx-light');
  const dir = path.join(workDir, `nginx-${workers}`);
  await mkdir(path.join(dir, 'tmp'), { recursive: true });
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((name) => `${name}_temp_path ${dir}/tmp;`)
    .join(' ');
  const config = path.join(dir, 'nginx.conf');
  // Tuned as a static file server is in production: sendfile, no access log, keep-alive.
  await writeFile(
    config,
    `worker_processes ${workers};
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=1000;
  keepalive_requests 1000000;
  types { image/webp webp; image/jpeg jpg; image/png png; image/avif avif; image/gif gif; }
  ${temp}
  server { listen 127.0.0.1:${port}; root ${root}; }
}
`,
  );
  const child = spawn(NGINX, ['-c', config, '-g', 'daemon off;'], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    port,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
