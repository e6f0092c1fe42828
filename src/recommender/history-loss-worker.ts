// A helper thread of HistoryLossThreads: runs the loss's row kernels on its share of the rows and items when the
// main thread signals a command through the shared control block (see history-loss-threads.ts).
import { parentPort, workerData } from 'node:worker_threads';

import { forwardRows, logitGradientRows, pairAdamRange, parameterGradients, type HistoryLossBuffers } from './history-loss-kernels.ts';
import { adamStepOf, COMMAND, runCommands, type ControlBlock } from './history-loss-control.ts';

const { buffers, control } = workerData as { buffers: HistoryLossBuffers; control: ControlBlock };
parentPort?.postMessage('ready');
runCommands(control, (command, args) => {
  if (command === COMMAND.forward) forwardRows(buffers, args[0]!, args[1]!);
  else if (command === COMMAND.logitGradients) logitGradientRows(buffers, args[2]!, args[0]!, args[1]!);
  else if (command === COMMAND.parameterGradients) parameterGradients(buffers, args[0]!, args[1]!, args[2]!, args[3]!, args[4]!);
  else if (command === COMMAND.pairAdam) pairAdamRange(buffers, adamStepOf(args), args[0]!, args[1]!);
});
