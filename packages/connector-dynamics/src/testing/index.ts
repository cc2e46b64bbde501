/** Test-only entry of @fieldsync/connector-dynamics: the conformance harness (work in progress). */
export {};
