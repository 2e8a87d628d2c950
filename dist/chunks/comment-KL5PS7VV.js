import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d,e}from"./chunk-HQPJ3ZSZ.js";import"./chunk-SPELYATQ.js";import"./chunk-6ZGVWTIR.js";export{b as COMMENT_MAX_LENGTH,a as COMMENT_MODES,c as commentMarker,e as explainCommentError,d as upsertStickyComment};
