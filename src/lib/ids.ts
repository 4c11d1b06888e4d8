/** How a record's id is written in URLs and forms: a positive whole number of at most ten digits. */
export const ID_PATTERN = /^[1-9]\d{0,9}$/;
