/**
 * The browser entry of the console's length counters, which the console module bundles: the
 * API's own text rules, so a counter cannot disagree with POST /v1/posts/validate. It must stay
 * free of Node APIs.
 */
export { textLengthOf, textLengthProblem } from './platform-rules';
