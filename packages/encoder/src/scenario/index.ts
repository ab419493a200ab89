export { encodeScenario, encodeScenarioText, parseScenario, StackBuilder, type EncodeScenarioOptions } from './encode.js';
export { MAX_JSON_BYTES, JSON_SIZE_LIMIT, checkJsonSize } from './limits.js';
export { ScenarioError, formatPath, formatProblems, formatZodError, zodProblems, type ScenarioProblem } from './errors.js';
export {
  ScenarioSchema,
  EventSchema,
  FrameSchema,
  StackSchema,
  ThreadSchema,
  scenarioJsonSchema,
  type Scenario,
  type ScenarioEvent,
  type ScenarioFrame,
} from './schema.js';
