/**
 * An MCP transport over a worker_threads MessagePort, so that a benchmark's clients run on another
 * thread than the server and each side's CPU can be told apart (bench/thread-cpu.ts). A message is
 * copied by structured cloning, as a real transport would serialize it.
 */
import type { MessagePort } from 'node:worker_threads';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/server';

export class PortTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  constructor(private readonly port: MessagePort) {}

  start(): Promise<void> {
    this.port.on('message', (m: JSONRPCMessage) => this.onmessage?.(m));
    this.port.on('close', () => this.onclose?.());
    return Promise.resolve();
  }

  send(message: JSONRPCMessage): Promise<void> {
    this.port.postMessage(message);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.port.close();
    return Promise.resolve();
  }
}
