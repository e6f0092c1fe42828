import type { AdamStep } from './history-loss-kernels.ts';

/**
 * The control block between {@link HistoryLossThreads} and one helper thread: `state[0]` counts commands sent,
 * `state[1]` commands finished (a finished count below 0 means the helper failed), `state[2]` the command;
 * `args` its numbers.
 */
export interface ControlBlock {
  readonly state: Int32Array;
  readonly args: Float64Array;
}

export const COMMAND = Object.freeze({ forward: 1, logitGradients: 2, parameterGradients: 3, pairAdam: 4 });

/** The {@link AdamStep} in a command's arguments, after the range (`[from, to, ...adamStepArgs(step)]`). */
export function adamStepArgs(step: AdamStep): number[] {
  return [step.learningRate, step.beta1, step.beta2, step.epsilon, step.correction1, step.correction2];
}

export function adamStepOf(args: Float64Array): AdamStep {
  return { learningRate: args[2]!, beta1: args[3]!, beta2: args[4]!, epsilon: args[5]!, correction1: args[6]!, correction2: args[7]! };
}

const SENT = 0;
const DONE = 1;
const KIND = 2;

export function createControlBlock(): ControlBlock {
  return { state: new Int32Array(new SharedArrayBuffer(3 * 4)), args: new Float64Array(new SharedArrayBuffer(8 * 8)) };
}

/** Main thread: hands `command` to the helper (which starts at once). */
export function sendCommand(control: ControlBlock, command: number, args: readonly number[]): void {
  control.args.set(args);
  Atomics.store(control.state, KIND, command);
  Atomics.add(control.state, SENT, 1);
  Atomics.notify(control.state, SENT);
}

/** Main thread: blocks until the helper has finished the last command; throws if it failed or took over `timeoutMs`. */
export function awaitCommand(control: ControlBlock, timeoutMs: number): void {
  const sent = Atomics.load(control.state, SENT);
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const done = Atomics.load(control.state, DONE);
    if (done < 0) throw new Error('a history-loss helper thread failed');
    if (done === sent) return;
    const left = deadline - performance.now();
    if (left <= 0) throw new Error(`a history-loss helper thread did not answer within ${timeoutMs} ms`);
    Atomics.wait(control.state, DONE, done, left);
  }
}

/** Helper thread: runs each command as it comes, for as long as the thread lives; marks the block failed if one throws. */
export function runCommands(control: ControlBlock, run: (command: number, args: Float64Array) => void): void {
  let seen = 0;
  for (;;) {
    Atomics.wait(control.state, SENT, seen);
    seen = Atomics.load(control.state, SENT);
    const command = Atomics.load(control.state, KIND);
    try {
      run(command, control.args);
      Atomics.store(control.state, DONE, seen);
    } catch (error) {
      Atomics.store(control.state, DONE, -1);
      Atomics.notify(control.state, DONE);
      throw error;
    }
    Atomics.notify(control.state, DONE);
  }
}
