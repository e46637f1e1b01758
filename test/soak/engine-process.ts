import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The engine as a separate OS process (`cli.ts serve`), so it can be killed with SIGKILL like a crash. */
export class EngineProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private killing = false;
  /** Every time the engine died without the soak killing or stopping it, with its last stderr. */
  readonly unexpectedExits: string[] = [];
  readonly url: string;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    readonly token: string,
    private readonly env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoRoot, 'src-main/engine/cli.ts'),
        'serve',
        '--port',
        String(this.port),
        '--data-dir',
        this.dataDir,
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, ...this.env, MLC_API_TOKEN: this.token, MLC_LOG_LEVEL: 'error' },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    this.child = child;
    this.killing = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        // Not our SIGKILL or stop: the engine died on its own. The soak says so (never silently).
        if (!this.killing)
          this.unexpectedExits.push(
            `engine exited by itself (code ${code ?? '-'}, signal ${signal ?? '-'}) at ${new Date().toISOString()}: ${stderr.slice(-1500)}`,
          );
        resolve();
      }),
    );
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`engine exited at start (${child.exitCode ?? child.signalCode}): ${stderr}`);
      try {
        const r = await fetch(`${this.url}/api/health`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`engine did not start: ${stderr}`);
  }

  /** A crash: no shutdown handlers, no flush, mid-whatever. */
  async kill(): Promise<void> {
    this.killing = true;
    this.child?.kill('SIGKILL');
    await this.exited;
    this.child = undefined;
  }

  async stop(): Promise<void> {
    this.killing = true;
    this.child?.kill('SIGTERM');
    await this.exited;
    this.child = undefined;
  }

  /** A process killed by a signal keeps exitCode null: signalCode says it is gone too. */
  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async api<T>(p: string, body?: unknown): Promise<T> {
    const r = await fetch(`${this.url}${p}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await r.json()) as T;
    if (!r.ok) throw new Error(`${p}: HTTP ${r.status} ${JSON.stringify(json)}`);
    return json;
  }
}
