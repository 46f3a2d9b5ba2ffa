// The printer's rendering errors, worded by the message catalogue. Apart from browser.ts, so that
// the printer thread's caller side reports them without loading puppeteer.
import { RenderError, Reporter, type RuleCall } from '../messages.ts';

/** An error about a program or folder rather than a place in a source file: line and column 0. */
export function placeless(file: string, call: RuleCall<'browser-program' | 'browser-launch' | 'browser-timeout'>): RenderError {
  const reporter = new Reporter();
  reporter.reportCall({ file, line: 0, column: 0 }, call);
  return new RenderError(reporter.diagnostics[0]);
}

/** A RenderError worded by the message catalogue; `file` names the document or the browser. */
export function renderError(file: string, call: RuleCall<'browser-missing' | 'browser-failed'>): RenderError {
  const reporter = new Reporter();
  reporter.reportCall({ file, line: 1, column: 1 }, call);
  return new RenderError(reporter.diagnostics[0]);
}

/** The `browser-failed` error for the document `name`, from what went wrong (its first line); a RenderError as it is. */
export function printFailed(name: string, e: unknown): RenderError {
  if (e instanceof RenderError) return e;
  return renderError(name, { rule: 'browser-failed', args: { document: name, detail: String((e as Error)?.message ?? e).split('\n')[0] } });
}
