#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as O,b as P,c as F,d as R,e as U,f as C,g as k}from"./chunks/chunk-VDQBUFWF.js";import{b as _,c as z,d as q,e as H,g as Y,h as w}from"./chunks/chunk-2R33PVTL.js";import{a as T,b as v,d as E,e as N}from"./chunks/chunk-M6ZHXNCZ.js";import"./chunks/chunk-6RH4PB2I.js";import"./chunks/chunk-JVEEZMJE.js";import"./chunks/chunk-VH6KRULY.js";import"./chunks/chunk-2FCAS263.js";import{a as M}from"./chunks/chunk-D77VKIZK.js";import{a as L,b as J,d as g}from"./chunks/chunk-CDQX52JC.js";import"./chunks/chunk-Q42NO44H.js";import"./chunks/chunk-MWX3YBOP.js";import"./chunks/chunk-AXIBQX5E.js";import"./chunks/chunk-RH6SPFO6.js";import"./chunks/chunk-ZB5BWB7D.js";import"./chunks/chunk-BI6WJGGQ.js";import"./chunks/chunk-TA24LAQA.js";import"./chunks/chunk-MEZ2GWU7.js";import{a as h,e as x}from"./chunks/chunk-VPTGT5KM.js";import"./chunks/chunk-5DLXW624.js";import{a as m}from"./chunks/chunk-74FZYBLB.js";import"./chunks/chunk-FI2IAAN5.js";import{a as u,c as b}from"./chunks/chunk-EU2TTL73.js";import"./chunks/chunk-O5DVVPDB.js";import{parseArgs as A}from"node:util";import{writeFile as K}from"node:fs/promises";import{parseArgs as ae}from"node:util";var D={accounts:{type:"string"},"role-arn-template":{type:"string"},"role-session-name":{type:"string",default:"iam-credential-gate"},"output-dir":{type:"string"},"account-concurrency":{type:"string"},"account-timeout-seconds":{type:"string"}};async function G(e,t,i){for(let p of["report","output","account-id","account-label","report-generated-at","format","json-file","sarif-file","markdown-file"])if(e[p]!==void 0)throw new u(`--${p} cannot be given with --accounts`,{},"with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds; merge them for Markdown or SARIF");if(e["sarif-include-exempted"]===!0)throw new u("--sarif-include-exempted cannot be given with --accounts",{},"with --accounts, every account has a JSON report in --output-dir; merge them with --format sarif");let[r,o]=await Promise.all([import("./chunks/assume-role-KLR2TEOC.js"),import("./chunks/check-accounts-C7GDKPVO.js")]),l=I(e["role-arn-template"],"--role-arn-template");r.checkRoleArnTemplate(l,"--role-arn-template");let n=e["role-session-name"]??"iam-credential-gate";r.checkSessionName(n,"--role-session-name");let a=I(e["output-dir"],"--output-dir"),c=e["account-concurrency"]===void 0?o.DEFAULT_ACCOUNT_CONCURRENCY:w(e["account-concurrency"],"--account-concurrency",o.MAX_ACCOUNT_CONCURRENCY),f=e["account-timeout-seconds"]===void 0?o.DEFAULT_ACCOUNT_TIMEOUT_MS:w(e["account-timeout-seconds"],"--account-timeout-seconds",3600)*1e3,d=await H(I(e.accounts,"--accounts"),"--accounts"),s=e["base-policy"],y=s===void 0?void 0:{text:(await h(s,"base policy file",x)).toString("utf8"),label:s},S=await o.checkAccounts({accounts:d,roleArnTemplate:l,roleSessionName:n,outputDir:a,policyFile:t.policy,now:t.now,failOn:t.failOn,failOnSource:"--fail-on",terraformDirs:e["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:e["terraform-state"],terraformCacheDir:e["cache-dir"],basePolicy:y,concurrency:c,accountTimeoutMs:f,log:e.quiet===!0?()=>{}:p=>i.stderr(`iam-credential-gate: ${p}
`),clock:i.clock}),$=p=>S.filter(oe=>oe.status===p).length;return i.stderr(`iam-credential-gate: ${S.length} account(s): ${$("passed")} passed, ${$("failed")} failed, ${$("errored")} errored; reports in ${a}
`),o.exitCodeOf(S)}var W={from:{type:"string"},batches:{type:"string"},"batch-size":{type:"string"}};async function B(e,t){if(e.batches!==void 0&&e["batch-size"]!==void 0)throw new u("give --batches or --batch-size, not both");let i;if(e.from!==void 0){if(e["include-inactive"])throw new u("--include-inactive is for Organizations, not for --from");let c=(await h(e.from,"account list",16*1024*1024)).toString("utf8");i=q(c,e.from)}else{let{listOrganizationAccounts:c,createOrganizationsClient:f}=await import("./chunks/organizations-LW542Y7F.js"),d=f();try{i=await c(d,{includeInactive:e["include-inactive"]??!1})}finally{d.destroy()}}let r=`${JSON.stringify(i,null,2)}
`,o=e.batches!==void 0?{batches:w(e.batches,"--batches",z)}:e["batch-size"]!==void 0?{batchSize:w(e["batch-size"],"--batch-size",1e5)}:void 0;if(o===void 0)return e.output?await g([r],e.output):t.stdout(r),t.stderr(`iam-credential-gate: ${i.length} account(s)
`),0;let l=[],n=Y(i,o,l);e.output&&await g([r],e.output),t.stdout(`${JSON.stringify(n)}
`);for(let c of l)t.stderr(`iam-credential-gate: ${c}
`);let a=n.include.map(c=>c.accounts.length);return t.stderr(`iam-credential-gate: ${i.length} account(s) in ${a.length} batch(es) of ${Math.min(...a)}${Math.max(...a)>Math.min(...a)?`-${Math.max(...a)}`:""}
`),0}function I(e,t){if(e===void 0||e==="")throw new u(`${t} is required with --accounts`,{},"see --help");return e}var se=["text",...M];async function V(e,t,i){let{values:r}=ae({args:[...e],strict:!0,allowPositionals:!1,options:{...C,"report-generated-at":{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"account-label":{type:"string"},"account-id":{type:"string"},"base-policy":{type:"string"},...D}});if(r.accounts!==void 0)return await G(r,{policy:O(r.policy,"--policy"),now:R(r.now,t.clock),failOn:U(r["fail-on"])},t);let o=P(r.format??(t.isTTY&&r.output===void 0?"text":"markdown"),se,"--format"),l=r.output!==void 0&&(o==="json"||o==="sarif");i({json:[r["json-file"],l&&o==="json"?r.output:void 0].filter(s=>s!==void 0),sarif:[r["sarif-file"],l&&o==="sarif"?r.output:void 0].filter(s=>s!==void 0),id:r["account-id"]??null,label:r["account-label"]??null});let n=await N({...k(r,t.clock),reportGeneratedAt:r["report-generated-at"]===void 0?void 0:F(r["report-generated-at"],"--report-generated-at"),accountLabel:r["account-label"],accountId:r["account-id"],...r["base-policy"]!==void 0&&{basePolicy:{text:(await h(r["base-policy"],"base policy file",x)).toString("utf8"),label:r["base-policy"]}}}),a=r.quiet;if(!a&&!(o==="text"&&r.output===void 0))for(let s of n.policyWarnings??[])t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${s.message}
`);let c=s=>ce(n,s,{color:t.color&&r.output===void 0,includeExempted:r["sarif-include-exempted"],root:t.root}),f=`${n.passed?"passed":"FAILED"}: ${n.summary.failing} failing of ${n.summary.findings} findings (fail_on ${n.policy.failOn})`,d=[[r.output,o],[r["json-file"],"json"],[r["sarif-file"],"sarif"],[r["markdown-file"],"markdown"]];for(let[s,y]of d)s!==void 0&&(await g(await c(y),s),a||t.stderr(`iam-credential-gate: ${f}; ${y} written to ${s}
`));if(a){let{textVerdict:s}=await import("./chunks/text-AVPXAXYS.js");t.stdout(s(n,{color:t.color}))}else if(r.output===void 0)for(let s of J(await c(o)))t.stdout(s);return n.passed?0:1}async function ce(e,t,i){if(t==="json")return L(e);if(t==="text"){let{renderText:l}=await import("./chunks/text-AVPXAXYS.js");return[l(e,{color:i.color})]}let[{renderChunks:r},{repositoryUris:o}]=await Promise.all([import("./chunks/render-NXRRVQ3B.js"),import("./chunks/sarif-uri-APIFEHVA.js")]);return r(e,t,{},{includeExempted:i.includeExempted,uriOf:o(i.root??process.cwd(),process.cwd())})}async function X(e,t,i,r=process.cwd()){let o={id:i.id,label:i.label},l=b(t)?t.place:{},[{errorReportJson:n},{errorSarifText:a},{repositoryUris:c}]=await Promise.all([import("./chunks/render-NXRRVQ3B.js"),import("./chunks/sarif-526MK7OS.js"),import("./chunks/sarif-uri-APIFEHVA.js")]),f=()=>a(e,m,i.id,l,c(r,process.cwd()));await Promise.all([...i.json.map(d=>K(d,n(e,o,m)).catch(()=>{})),...i.sarif.map(d=>K(d,f()).catch(()=>{}))])}import{writeFile as le}from"node:fs/promises";import{parseArgs as de}from"node:util";async function Q(e,t){let{values:i}=de({args:[...e],strict:!0,allowPositionals:!1,options:{...C,rule:{type:"string",multiple:!0},user:{type:"string",multiple:!0},write:{type:"boolean",default:!1},output:{type:"string"}}}),{runFix:r}=await import("./chunks/fix-RVUFVPYZ.js"),o=await r({...k(i,t.clock),rules:i.rule,users:i.user,write:i.write});for(let n of o.manual)t.stderr(`iam-credential-gate: manual: ${n.user} (${n.rule}): ${n.reason}${n.file!==null?` \u2014 ${n.file}${n.line!==null?`:${n.line}`:""}`:""}
`);let l=`fix: ${o.fixed.length} verified, ${o.manual.length} manual; ${o.files.length} files ${i.write?"written":"in the patch"}`;return i.output!==void 0?(await le(i.output,o.patch),t.stderr(`iam-credential-gate: ${l}; patch written to ${i.output}
`)):(i.write||t.stdout(o.patch),t.stderr(`iam-credential-gate: ${l}
`)),o.manual.length>0?1:0}var Z={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan for the users' Terraform (repeatable); 123456789012=dir
                                binds it to that account
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Several accounts in one job (each report fetched through a role; one JSON report per account):
  --accounts <ids|file>         account ids (comma-separated), or a file of them / list-accounts JSON
  --role-arn-template <arn>     the role to assume in each, e.g. arn:aws:iam::{account}:role/gate
  --role-session-name <name>    (default iam-credential-gate)
  --output-dir <dir>            where <account id>.json goes (an error report for an account that fails)
  --account-concurrency <n>     accounts checked at once (default 8, at most 64)
  --account-timeout-seconds <n> bound on each account, role and fetch (default 300)

Outputs:
  --format text|markdown|json|sarif
                                what goes to stdout (or --output): default text on a terminal,
                                markdown otherwise
  --output <file>               write that format to a file instead of stdout
  --json-file <file>            also write the JSON report (an error report on input errors)
  --sarif-file <file>           also write SARIF 2.1.0 (an unsuccessful-analysis log on input errors)
  --markdown-file <file>        also write the Markdown summary
  --sarif-include-exempted      exempted findings as suppressed SARIF results (default: left out)
  --quiet, -q                   print only the verdict line (and errors); files are still written
  --help, -h                    this help

Text is coloured only on a terminal, and never when NO_COLOR is set.`,fix:`Usage: iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>... [options]

Prints the verified edit plans of the failing findings as one unified diff (paths relative to the
working directory, for git apply), or applies them with --write. Exit 0 every selected finding had
a verified plan (an empty diff when there is nothing to fix), 1 some are manual (listed on stderr
with file:line and why; the diff holds the verified ones), 2 input error.

  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan (repeatable; 123456789012=dir binds it to that account)
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --rule <id>                   the rules whose findings to fix (repeatable; default unused-user)
  --user <glob>                 only these users (repeatable)
  --write                       apply the edits in place (plans that fit only after others are
                                planned again on the result, a round at a time)
  --output <file>               write the patch to a file instead of stdout
  --help, -h                    this help`,merge:`Usage: iam-credential-gate merge <report.json>... [options]

Merges per-account JSON reports into one verdict. Exit 0 passed, 1 an account failed, is stale,
errored or missing, 2 input error.

  --expect-accounts <file>      the accounts that must have a report (one id per line, # comments,
                                or the JSON list-accounts prints)
  --fail-on <severity>          critical|high|medium|low|never (default high)
  --max-report-age-hours <n>    a report evaluated longer ago makes its account stale (default 48)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --format markdown|json|sarif  (default markdown)
  --output <file>               write to a file instead of stdout
  --help, -h                    this help`,"list-accounts":`Usage: iam-credential-gate list-accounts [options]

Lists the accounts of the AWS Organization (ListAccounts; needs the management account or a
delegated administrator) as JSON, for --expect-accounts and matrix jobs.

  --output <file>               write to a file instead of stdout
  --include-inactive            also accounts that are suspended or being closed
  --batches <n>                 print a GitHub matrix of n batches (at most 256 jobs)
  --batch-size <k>              or: batches of k accounts (raised if it needs more than 256 jobs)
  --from <file>                 batch this list of accounts instead of asking Organizations
  --help, -h                    this help`,fetch:`Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,"validate-policy":`Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,presets:`Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`};function ee(e,t){if(e===void 0||!Object.hasOwn(Z,e))return;let i=t.indexOf("--"),r=i===-1?t:t.slice(0,i);return r.includes("--help")||r.includes("-h")?Z[e]:void 0}var te=`Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir [<account id>=]<dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate check --accounts <ids|file|JSON> --policy <file> --output-dir <dir>
                            --role-arn-template arn:aws:iam::{account}:role/<name>
                            [--role-session-name <name>] [--account-concurrency <n>] (default 8)
                            [--account-timeout-seconds <n>] (default 300) [--terraform-dir ...]
                            (one <account id>.json per account; exit code the worst account's)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]... [--cache-dir <dir>]
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive] [--from <file>]
                            [--batches <n> | --batch-size <n>]   (prints a GitHub matrix, <= 256 jobs)
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,re=e=>(e[0]==="check"||e[0]==="fix")&&!e.some(t=>t==="--accounts"||t.startsWith("--accounts=")),j={closed:!1},ue={stdout:e=>{j.closed||process.stdout.write(e)},stderr:e=>process.stderr.write(_(e)),clock:()=>Date.now(),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function ne(e,t=ue){let[i,...r]=e,o,l=ee(i,r);if(l!==void 0)return t.stdout(`${l}
`),0;try{switch(i){case"check":return await V(r,t,n=>o=n);case"fix":return await Q(r,t);case"fetch":{let{values:n}=A({args:r,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),a=O(n.output,"--output"),c=Number(n["max-wait-seconds"]);if(!Number.isFinite(c)||c<=0)throw new u(`--max-wait-seconds must be a positive number, not "${n["max-wait-seconds"]}"`);let{fetchReportToFile:f}=await import("./chunks/fetch-RONJE4KR.js"),d=await f({output:a,maxWaitMs:c*1e3,log:s=>t.stderr(`iam-credential-gate: ${s}
`),clock:t.clock});return t.stderr(`iam-credential-gate: credential report generated ${d.generatedAt.toISOString()} written to ${a} (${d.content.length} bytes, ${d.calls} API calls); generation time in ${a}.meta.json
`),0}case"merge":{let{mergeCommand:n}=await import("./chunks/merge-FQLMAP3X.js");return await n(r,t)}case"list-accounts":{let{values:n}=A({args:r,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1},...W}});return await B(n,t)}case"presets":{if(r.length>0)throw new u("presets takes no arguments");let{renderPresetList:n}=await import("./chunks/presets-doc-ZDRHZDTQ.js");return t.stdout(n()),0}case"validate-policy":{let{positionals:n}=A({args:r,strict:!0,allowPositionals:!0,options:{}});if(n.length!==1)throw new u("validate-policy takes exactly one policy file");let a=await E(n[0],t.clock());t.stdout(`${a.file}: valid (${a.presets.length>0?`extends ${a.presets.join(", ")}; `:""}fail_on ${a.failOn}; ${Object.keys(a.rules).length} rule override(s), ${a.serviceUsers.users.length+a.serviceUsers.paths.length} service-user pattern(s), ${a.exemptions.length} exemption(s))
`);for(let c of v(a))t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${c.message}
`);return 0}case"--version":case"-v":return t.stdout(`${m}
`),0;case"--help":case"-h":case"help":return t.stdout(`${te}
`),0;default:throw new u(i===void 0?"no command given":`unknown command "${i}"`,{},"see --help")}}catch(n){let a=b(n)?n.describe():n.code?.startsWith("ERR_PARSE_ARGS")?`${n.message}

${te}`:`unexpected error: ${n.stack??String(n)}`;return t.stderr(`iam-credential-gate: ${a}
`),o&&await X(a,n,o,t.root),2}}process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;j.closed=!0});var ie=process.argv.slice(2);re(ie)&&T.shortRun();process.exitCode=await ne(ie);
