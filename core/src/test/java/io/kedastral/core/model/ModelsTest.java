package io.kedastral.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelsTest {

  @Test
  void createsTheModelOfEachSpec() {
    assertThat(Models.create(new ModelSpec.Baseline())).isInstanceOf(BaselineModel.class);
    assertThat(Models.create(new ModelSpec.SeasonalNaive(288)))
        .isInstanceOf(SeasonalNaiveModel.class);
    ForecastModel auto = Models.create(new ModelSpec.Auto(288));
    assertThat(auto.name()).isEqualTo("auto");
    assertThat(((AutoModel) auto).candidates())
        .extracting(ForecastModel::name)
        .containsExactly("baseline", "seasonal-naive", "naive");
  }

  @Test
  void saysWhereArimaAndSarimaComeFromUntilTheyAreMerged() {
    assertThatThrownBy(() -> Models.create(new ModelSpec.Arima(OrderSpec.chosen())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("arima is merged from the models branch");
    assertThatThrownBy(
            () ->
                Models.create(new ModelSpec.Sarima(OrderSpec.chosen(), OrderSpec.of(0, 1, 1), 24)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sarima is merged from the models branch");
  }
}
