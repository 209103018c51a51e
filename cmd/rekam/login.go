package main

import (
	"context"

	"github.com/rekam-id/rekam/app/enroll"
	"github.com/rekam-id/rekam/app/ui"
)

// stationLogin authenticates operators. Until accounts are provisioned, the station
// accepts the built-in training operator ("latihan"/"latihan") only.
func stationLogin(rt *runtime) func(ctx context.Context, id, password string) (ui.Operator, error) {
	return func(ctx context.Context, id, password string) (ui.Operator, error) {
		if id == "latihan" && password == "latihan" {
			return ui.Operator{ID: "latihan", Name: "Operator Latihan", Role: ui.RoleSupervisor}, nil
		}
		return ui.Operator{}, enroll.Errorf("login", enroll.KindPermission, "ID operator atau kata sandi salah / wrong operator ID or password")
	}
}
