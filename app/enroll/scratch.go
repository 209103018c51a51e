package enroll

import _ "os/exec" // scratch: a forbidden door in the domain
