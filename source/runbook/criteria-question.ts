// The one question a list of rollback criteria becomes ("Rollback IF ANY of: …"). Apart from
// decisions.ts so the run screen can name it without loading the Markdown parser.

export const CRITERIA_QUESTION = 'Rollback if any of these holds?';
