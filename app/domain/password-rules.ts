// The password length rule, shared by the server check (passwords.server.ts) and the forms' hints and attributes.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
