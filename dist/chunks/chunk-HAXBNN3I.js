import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
var _="0.1.0",e="8e79a9a70aa67208";export{_ as a,e as b};
