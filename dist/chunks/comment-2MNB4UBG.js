import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a,b,c,d,e,f,g}from"./chunk-Q6ZLC6KU.js";import"./chunk-SPELYATQ.js";import"./chunk-6ZGVWTIR.js";export{b as COMMENT_MAX_LENGTH,a as COMMENT_MODES,c as commentMarker,g as explainCommentError,d as ownComments,e as tokenLogin,f as upsertStickyComment};
