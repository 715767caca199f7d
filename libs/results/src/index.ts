// @bcml/results: the result files of sweeps and comparisons — their layout, the builders that write them, the reader.
export { buildEvaluation, type EvaluationSource } from './build-evaluation.js';
export { paretoRecord } from './pareto-record.js';
export { pointHeadline, pointSplitScores } from './point-split-scores.js';
export { proportionRecord } from './proportion-record.js';
export { readEvaluationFile, readResultFiles, type ResultFiles } from './read-result-files.js';
export { evaluationPath, pointEvaluationPath, pointSegments, RESULT_FILES, splitArrowFile } from './result-layout.js';
export { PARETO_OBJECTIVES, type ParetoCandidate, sweepPareto } from './sweep-pareto.js';
export { sweepSummary, type SweepSummaryInput } from './sweep-summary.js';
export { writeJsonFile, writeResultFiles } from './write-result-files.js';
