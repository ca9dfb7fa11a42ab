/** A command's whole effect, so it can be tested without a process. */
export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}
