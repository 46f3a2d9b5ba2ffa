// The printer thread's entry file; printer-thread.ts is its code and the caller's side. A file of
// its own, so that the compiled CLI keeps printer-thread.ts in a chunk it shares with the caller,
// where the module's URL (and so this file's, beside it) is what it says.
import './printer-thread.ts';
