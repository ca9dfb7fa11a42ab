export {
  type CloudFile,
  cloudFileSchema,
  type InstanceEntry,
  instanceEntrySchema,
} from './cloud-file-schema.js';
export { BYTES_PER_GB, BYTES_PER_GIB, BYTES_PER_MIB, OPS_PER_TERA } from './data-units.js';
export { type GpuEntry, type GpuFile, gpuEntrySchema, gpuFileSchema } from './gpu-file-schema.js';
export { type ModelEntry, modelEntrySchema, modelsFileSchema } from './models-file-schema.js';
export { parseCloudFile } from './parse-cloud-file.js';
export { gpuEntryToSpec, parseGpuFile } from './parse-gpu-file.js';
export { parseHfConfig, SUPPORTED_MODEL_TYPES, type SupportedModelType } from './parse-hf-config.js';
export { parseModelsFile } from './parse-models-file.js';
export { sourceSchema, sourcesSchema } from './source-schema.js';
