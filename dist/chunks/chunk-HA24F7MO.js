import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="35f6e64ad426c4bd";export{_ as a,e as b};
