import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A service started as a child process, with the port it logged. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script> ...args` (with `--cpu-prof` into BENCH_CPU_PROF when that is set) and resolves when it logs a JSON line with `msg: 'listening'`
 * (the service logs `url`, bare-server.ts logs `port`).
 */
export async function startServiceProcess(script: string, args: string[], env: Record<string, string>): Promise<ServiceProcess> {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string; port?: number };
        if (entry.msg === 'listening') resolve(entry.port ?? Number(new URL(entry.url!).port));
      } catch {
        // not a log line
      }
    });
  });
  return {
    child,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
