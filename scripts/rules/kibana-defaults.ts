// What Kibana stores for a rule field the request leaves out. The timing lints, the payload we
// build, the drift check and the replay harness all read a rule as Kibana will run it, so they
// share these values rather than each writing them down.

/** The look-back of each run: `from`. */
export const DEFAULT_FROM = 'now-6m';
/** How often the rule runs: `interval`. */
export const DEFAULT_INTERVAL = '5m';
/** The most alerts one run writes: `max_signals`. */
export const DEFAULT_MAX_SIGNALS = 100;
/** The rule's `version` when neither the file nor the version lock gives one. */
export const DEFAULT_VERSION = 1;
/** Whether a deployed rule runs when its file does not say: this tool's choice (Kibana's own default is false). */
export const DEFAULT_ENABLED = true;
